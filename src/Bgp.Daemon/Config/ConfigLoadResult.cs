using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Bgp.Daemon.Config;

/// <summary>Either a valid <see cref="Config"/> or every <see cref="ConfigError"/> found (in file order).</summary>
public sealed record ConfigLoadResult
{
    public BgpdConfig? Config { get; init; }
    public ImmutableArray<ConfigError> Errors { get; init; } = [];

    [MemberNotNullWhen(true, nameof(Config))]
    public bool Success => Config is not null;

    /// <summary>All errors, one per line, for a log or the terminal.</summary>
    public string FormatErrors() => string.Join(Environment.NewLine, Errors);
}

using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Bgp.Rib.Policy;

namespace Bgp.Daemon.Config;

/// <summary>
/// Either a <see cref="FilterCatalog"/> holding every filter of the configuration (built-ins included), or
/// every <see cref="ConfigError"/> found while mapping them onto the policy engine. Never half a catalog:
/// a reload either swaps in all the new filters or keeps the old ones.
/// </summary>
public sealed record FilterMapResult
{
    public FilterCatalog? Catalog { get; init; }
    public ImmutableArray<ConfigError> Errors { get; init; } = [];

    [MemberNotNullWhen(true, nameof(Catalog))]
    public bool Success => Catalog is not null;

    /// <summary>All errors, one per line, for a log or the terminal.</summary>
    public string FormatErrors() => string.Join(Environment.NewLine, Errors);
}

using System.Collections.Immutable;
using Bgp.Protocol;

namespace Bgp.Daemon.Config;

/// <summary>
/// A term's <c>match:</c>. Every condition given must hold (AND); within a list one entry is enough
/// (OR). An empty match matches every route.
/// </summary>
public sealed record FilterMatchConfig
{
    public static readonly FilterMatchConfig Any = new();

    public ImmutableArray<PrefixMatchConfig> Prefixes { get; init; } = [];
    public AfiSafi? Family { get; init; }
    /// <summary>RFC 1997 communities as 32-bit values; the route must carry at least one.</summary>
    public ImmutableArray<uint> Communities { get; init; } = [];
    /// <summary>AS numbers of which at least one must appear in the AS_PATH.</summary>
    public ImmutableArray<uint> AsPathContains { get; init; } = [];
}

using System.Collections.Immutable;
using System.Net;

namespace Bgp.Daemon.Config;

/// <summary>A term's <c>actions:</c>, applied to a matching route before its result.</summary>
public sealed record FilterActionsConfig
{
    public static readonly FilterActionsConfig None = new();

    public uint? LocalPref { get; init; }
    public uint? Med { get; init; }
    public ImmutableArray<uint> AddCommunities { get; init; } = [];
    public ImmutableArray<uint> RemoveCommunities { get; init; } = [];
    /// <summary>How many times our AS is prepended (export only).</summary>
    public int PrependAs { get; init; }
    /// <summary><c>nextHop: self</c>.</summary>
    public bool NextHopSelf { get; init; }
    /// <summary><c>nextHop: ADDRESS</c>.</summary>
    public IPAddress? NextHop { get; init; }
}

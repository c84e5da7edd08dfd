using System.Net;
using Bgp.Protocol;

namespace Bgp.Interop.Tests.Harness;

/// <summary>What a peer daemon is told to be: its AS, its BGP identifier and its neighbors.</summary>
public sealed record SpeakerSpec(uint LocalAs, IPAddress RouterId, IReadOnlyList<NeighborSpec> Neighbors)
{
    /// <summary>Prefixes the daemon originates (BIRD: a static protocol of blackhole routes, as a Calico node's blocks).</summary>
    public IReadOnlyList<Prefix> Originate { get; init; } = [];

    /// <summary>Route reflector cluster id, for a daemon with route reflector clients.</summary>
    public IPAddress? ClusterId { get; init; }
}

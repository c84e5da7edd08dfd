using System.Net;

namespace Bgp.Interop.Tests.Harness;

/// <summary>What a peer daemon is told to be: its AS, its BGP identifier and its neighbors.</summary>
public sealed record SpeakerSpec(uint LocalAs, IPAddress RouterId, IReadOnlyList<NeighborSpec> Neighbors);

namespace Bgp.Rib.Engine;

/// <summary>The session with <paramref name="PeerId"/> left Established: its routes go, its Adj-RIB-Out is forgotten.</summary>
public sealed record PeerDown(int PeerId) : RibCommand;

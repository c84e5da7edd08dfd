namespace Bgp.Rib.Engine;

/// <summary>Re-runs export towards the peer over the Loc-RIB; only what differs from its Adj-RIB-Out is sent.</summary>
public sealed record SoftResetOut(int PeerId) : RibCommand;

namespace Bgp.Rib.Engine;

/// <summary>Re-applies the peer's import policy to its routes as received (or asks it for a ROUTE-REFRESH).</summary>
public sealed record SoftResetIn(int PeerId) : RibCommand;

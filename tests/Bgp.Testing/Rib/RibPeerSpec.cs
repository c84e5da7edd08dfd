namespace Bgp.Testing.Rib;

/// <summary>A peer of a RIB scenario as plain data (Bgp.Testing does not reference Bgp.Rib).</summary>
public sealed record RibPeerSpec(int Id, string Address, uint RemoteAs, uint BgpId, bool IsInternal);

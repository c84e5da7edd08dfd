namespace Bgp.Protocol;

/// <summary>Subsequent Address Family Identifiers (IANA) that this speaker names.</summary>
public enum Safi : byte
{
    Unicast = 1,
    Multicast = 2,
    LabeledUnicast = 4,
    Evpn = 70,
    BgpLs = 71,
    SrPolicy = 73,
    MplsVpn = 128,
    FlowSpec = 133,
    FlowSpecVpn = 134,
}

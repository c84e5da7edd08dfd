namespace Bgp.Protocol;

/// <summary>Address Family Identifiers (IANA) that this speaker names.</summary>
public enum Afi : ushort
{
    Ipv4 = 1,
    Ipv6 = 2,
    L2Vpn = 25,
    BgpLs = 16388,
}

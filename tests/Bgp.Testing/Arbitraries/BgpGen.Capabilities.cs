using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using FsCheck;
using FsCheck.Fluent;

namespace Bgp.Testing.Arbitraries;

public static partial class BgpGen
{
    /// <summary>Capability codes the codec has no record for (RFC 5492 keeps them as bytes).</summary>
    public static readonly byte[] UnknownCapabilityCodes =
        [.. Enumerable.Range(1, 254).Where(c => !Enum.IsDefined((CapabilityCode)c)).Select(c => (byte)c)];

    /// <summary>Every kind of capability, each value within the limits of its RFC and of one 255-octet TLV.</summary>
    public static Gen<Capability> AnyCapability => Gen.OneOf(
        Family.Select(f => (Capability)new MultiprotocolCapability(f)),
        Gen.Constant<Capability>(new RouteRefreshCapability()),
        Gen.Constant<Capability>(new EnhancedRouteRefreshCapability()),
        Gen.Constant<Capability>(new ExtendedMessageCapability()),
        AnyAsn.Select(a => (Capability)new FourOctetAsCapability(a)),
        Gen.Elements(Enum.GetValues<BgpRole>()).Select(r => (Capability)new RoleCapability(r)),
        ExtendedNextHop,
        GracefulRestart,
        AddPath,
        LongLivedGracefulRestart,
        Fqdn,
        from code in Gen.Elements(UnknownCapabilityCodes)
        from value in Bytes(0, 32)
        select (Capability)new UnknownCapability(code, value));

    /// <summary>RFC 8950 3: (NLRI AFI, NLRI SAFI, next hop AFI) tuples; IPv4 unicast/VPN over IPv6 is the real use.</summary>
    private static Gen<Capability> ExtendedNextHop =>
        from entries in ArrayOf(
            from f in Family
            from nh in Gen.Elements(Afi.Ipv4, Afi.Ipv6)
            select new ExtendedNextHopEntry(f, nh), 0, 6)
        select (Capability)new ExtendedNextHopCapability(entries);

    /// <summary>RFC 4724 3 / RFC 8538: R and N bits, a 12-bit restart time, per-family F bits.</summary>
    private static Gen<Capability> GracefulRestart =>
        from r in Bool
        from n in Bool
        from time in Gen.Choose(0, 4095)
        from fams in ArrayOf(from f in Family from fwd in Bool select new GracefulRestartFamily(f, fwd), 0, 6)
        select (Capability)new GracefulRestartCapability(r, n, (ushort)time, fams);

    /// <summary>RFC 7911 4: at least one family, direction 1 (receive), 2 (send) or 3 (both).</summary>
    private static Gen<Capability> AddPath =>
        from fams in ArrayOf(
            from f in Family
            from d in Gen.Elements(AddPathDirection.Receive, AddPathDirection.Send, AddPathDirection.Both)
            select new AddPathFamily(f, d), 1, 4)
        select (Capability)new AddPathCapability(fams);

    /// <summary>RFC 9494 4: per family an F bit and a 24-bit long-lived stale time.</summary>
    private static Gen<Capability> LongLivedGracefulRestart =>
        from fams in ArrayOf(
            from f in Family
            from fwd in Bool
            from stale in Gen.Choose(0, 0xFFFFFF)
            select new LongLivedGracefulRestartFamily(f, fwd, (uint)stale), 0, 4)
        select (Capability)new LongLivedGracefulRestartCapability(fams);

    /// <summary>Host and domain names as hostnames are written (ASCII labels), together well under 255 octets.</summary>
    private static Gen<Capability> Fqdn =>
        from host in Label(0, 40)
        from domain in Gen.Frequency((1, Gen.Constant("")), (3, from a in Label(1, 20) from b in Label(1, 10) select a + "." + b))
        select (Capability)new FqdnCapability(host, domain);

    private static Gen<string> Label(int min, int max) =>
        ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789-".ToCharArray()), min, max).Select(c => new string(c));
}

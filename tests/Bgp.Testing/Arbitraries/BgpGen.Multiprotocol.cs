using Bgp.Protocol;
using System.Net;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;
using FsCheck;
using FsCheck.Fluent;

namespace Bgp.Testing.Arbitraries;

public static partial class BgpGen
{
    /// <summary>
    /// MP_REACH_NLRI (RFC 4760 3) for a unicast family or a raw one (VPN, flowspec, EVPN, multicast),
    /// with path ids where <paramref name="options"/> sends them.
    /// </summary>
    public static Gen<MpReachNlri> MpReach(CodecOptions options, int maxRoutes) =>
        Gen.Frequency((3, UnicastMpReach(options, maxRoutes)), (1, RawMpReach));

    /// <summary>
    /// IPv4 or IPv6 unicast routes with a next hop of every allowed form: IPv4; IPv6 global; IPv6
    /// global + link-local (RFC 2545 3); IPv4 routes over an IPv6 next hop (RFC 8950 3).
    /// </summary>
    public static Gen<MpReachNlri> UnicastMpReach(CodecOptions options, int maxRoutes) =>
        from family in Gen.Elements(UnicastFamilies)
        from nh in family.Afi == Afi.Ipv4
            ? Gen.Frequency((2, Ipv4Address.Select(a => (a, (IPAddress?)null))), (1, Ipv6NextHop))
            : Ipv6NextHop
        from routes in NlriList(family.Afi == Afi.Ipv6, options.SendsPathId(family), maxRoutes)
        select new MpReachNlri
        {
            Family = family,
            NextHopBytes = [.. BgpEncoder.NextHopBytes(nh.Item1, nh.Item2)],
            NextHop = nh.Item1,
            LinkLocalNextHop = nh.Item2,
            Nlri = routes,
        };

    private static Gen<(IPAddress, IPAddress?)> Ipv6NextHop =>
        from global in Ipv6Address
        from ll in MaybeRef(LinkLocalAddress, false)
        select (global, ll);

    /// <summary>A family the codec carries raw, with a next hop of the form that family uses and well-formed NLRI.</summary>
    public static Gen<MpReachNlri> RawMpReach =>
        from family in Gen.Elements(RawFamilies)
        from nh in RawNextHop(family)
        from nlri in RawNlri(family)
        select new MpReachNlri { Family = family, NextHopBytes = [.. nh], RawNlri = [.. nlri] };

    /// <summary>
    /// VPN: an 8-octet zero route distinguisher then the address (RFC 4364 4.3.2, RFC 4659 3.2.1);
    /// flowspec: no next hop (RFC 8955 4); EVPN and multicast: a plain address.
    /// </summary>
    private static Gen<byte[]> RawNextHop(AfiSafi family) => family.Safi switch
    {
        Safi.MplsVpn => (family.Afi == Afi.Ipv4 ? Ipv4Address : Ipv6Address).Select(a => (byte[])[.. new byte[8], .. a.GetAddressBytes()]),
        Safi.FlowSpec => Gen.Constant(Array.Empty<byte>()),
        _ => (family.Afi == Afi.Ipv6 ? Ipv6Address : Ipv4Address).Select(a => a.GetAddressBytes()),
    };

    /// <summary>Several NLRI of a raw family, each well formed for it.</summary>
    public static Gen<byte[]> RawNlri(AfiSafi family) =>
        ArrayOf(OneRawNlri(family), 0, 8).Select(parts => parts.SelectMany(p => p).ToArray());

    private static Gen<byte[]> OneRawNlri(AfiSafi family) => family.Safi switch
    {
        // Length in bits | Label (3) | RD (8) | Prefix   (RFC 8277 2.2, RFC 4364 4.3.4)
        Safi.MplsVpn =>
            from p in PrefixOf(family.Afi == Afi.Ipv6)
            from label in Gen.Choose(16, 0xFFFFF)
            from rd in UInt64
            select VpnNlri(p, label, rd),
        // Length (1) | destination prefix component: type 1 | length | (IPv6: offset) | prefix   (RFC 8955 4, RFC 8956 3)
        Safi.FlowSpec =>
            from p in PrefixOf(family.Afi == Afi.Ipv6)
            select FlowSpecNlri(p),
        // Route type 3 (inclusive multicast): RD (8) | Ethernet tag (4) | IP length (1) = 32 | IPv4 (4)   (RFC 7432 7.3)
        Safi.Evpn =>
            from rd in UInt64
            from tag in UInt32
            from ip in UInt32
            select EvpnNlri(rd, tag, ip),
        _ => PrefixOf(family.Afi == Afi.Ipv6).Select(p => PlainNlri(p)),
    };

    private static byte[] PlainNlri(Prefix p)
    {
        byte[] b = new byte[1 + p.ByteCount];
        b[0] = (byte)p.Length;
        p.WriteAddressBytes(b.AsSpan(1));
        return b;
    }

    private static byte[] VpnNlri(Prefix p, int label, ulong rd)
    {
        byte[] b = new byte[1 + 3 + 8 + p.ByteCount];
        b[0] = (byte)(24 + 64 + p.Length);
        b[1] = (byte)(label >> 12);
        b[2] = (byte)(label >> 4);
        b[3] = (byte)(label << 4 | 1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(4), rd);
        p.WriteAddressBytes(b.AsSpan(12));
        return b;
    }

    private static byte[] FlowSpecNlri(Prefix p)
    {
        int offset = p.IsIpv6 ? 1 : 0;
        byte[] b = new byte[1 + 2 + offset + p.ByteCount];
        b[0] = (byte)(b.Length - 1);
        b[1] = 1;
        b[2] = (byte)p.Length;
        p.WriteAddressBytes(b.AsSpan(3 + offset));
        return b;
    }

    private static byte[] EvpnNlri(ulong rd, uint tag, uint ip)
    {
        byte[] b = new byte[2 + 17];
        b[0] = 3;
        b[1] = 17;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(2), rd);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(10), tag);
        b[14] = 32;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(15), ip);
        return b;
    }

    /// <summary>MP_UNREACH_NLRI (RFC 4760 4): unicast withdrawals, raw ones, or the empty End-of-RIB form (RFC 4724 2).</summary>
    public static Gen<MpUnreachNlri> MpUnreach(CodecOptions options, int maxRoutes) => Gen.Frequency(
        (3, from family in Gen.Elements(UnicastFamilies)
            from routes in NlriList(family.Afi == Afi.Ipv6, options.SendsPathId(family), maxRoutes)
            select new MpUnreachNlri { Family = family, Withdrawn = routes }),
        (1, from family in Gen.Elements(RawFamilies)
            from raw in RawNlri(family)
            select new MpUnreachNlri { Family = family, RawWithdrawn = [.. raw] }),
        (1, Family.Select(f => new MpUnreachNlri { Family = f })));
}

using Bgp.Protocol;
using System.Collections.Immutable;
using System.Net;
using FsCheck;
using FsCheck.Fluent;

namespace Bgp.Testing.Arbitraries;

/// <summary>
/// Generators for the wire model, the building blocks of <see cref="BgpArbitraries"/>. Every value is
/// valid (host bits zeroed, lengths in range, AS numbers as the session allows, sets that fit in a
/// message); invalid input comes only from <see cref="BgpMutators"/>. This file: numbers, addresses,
/// prefixes, NLRI, families and codec options. Attributes, capabilities and messages are in the
/// partial files named after them.
/// </summary>
public static partial class BgpGen
{
    public static readonly AfiSafi[] UnicastFamilies = [AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast];

    /// <summary>Families whose NLRI the codec keeps raw (we carry them, we do not route them).</summary>
    public static readonly AfiSafi[] RawFamilies =
    [
        new(Afi.Ipv4, Safi.MplsVpn), new(Afi.Ipv6, Safi.MplsVpn), new(Afi.Ipv4, Safi.FlowSpec),
        new(Afi.Ipv6, Safi.FlowSpec), new(Afi.L2Vpn, Safi.Evpn), new(Afi.Ipv4, Safi.Multicast),
    ];

    public static Gen<bool> Bool => Gen.Elements(true, false);

    /// <summary>True with probability 1/<paramref name="n"/>.</summary>
    public static Gen<bool> OneIn(int n) => Gen.Choose(1, n).Select(x => x == 1);

    /// <summary>The whole 32-bit range, with the edges and small numbers favoured.</summary>
    public static Gen<uint> UInt32 => Gen.Frequency(
        (6, from hi in Gen.Choose(0, 0xFFFF) from lo in Gen.Choose(0, 0xFFFF) select (uint)hi << 16 | (uint)lo),
        (2, Gen.Choose(0, 1000).Select(x => (uint)x)),
        (1, Gen.Elements(0u, 1u, 0x7FFFFFFFu, 0x80000000u, uint.MaxValue)));

    public static Gen<ulong> UInt64 => from hi in UInt32 from lo in UInt32 select (ulong)hi << 32 | lo;

    public static Gen<byte> Byte => Gen.Choose(0, 255).Select(x => (byte)x);

    public static Gen<byte[]> Bytes(int min, int max) =>
        from n in Gen.Choose(min, max) from b in Gen.ArrayOf(Byte, n) select b;

    /// <summary>An array of <paramref name="min"/>..<paramref name="max"/> elements.</summary>
    public static Gen<T[]> ArrayOf<T>(Gen<T> gen, int min, int max) =>
        from n in Gen.Choose(min, max) from a in Gen.ArrayOf(gen, n) select a;

    public static Gen<ImmutableArray<T>> ImmutableOf<T>(Gen<T> gen, int min, int max) =>
        ArrayOf(gen, min, max).Select(a => ImmutableArray.Create(a));

    /// <summary>A 2-octet AS number as an OLD speaker may send it (1..65535, AS_TRANS included).</summary>
    public static Gen<uint> NarrowAsn => Gen.Frequency(
        (8, Gen.Choose(1, 65535).Select(x => (uint)x)),
        (1, Gen.Elements(1u, 64512u, 65535u, (uint)BgpConstants.AsTrans)));

    /// <summary>A 4-octet AS number above 65535 (RFC 6793).</summary>
    public static Gen<uint> WideAsn => UInt32.Where(x => x > ushort.MaxValue);

    /// <summary>Any non-zero AS number (RFC 7607 forbids 0).</summary>
    public static Gen<uint> AnyAsn => Gen.Frequency((1, NarrowAsn), (1, WideAsn));

    public static Gen<uint> Asn(bool fourOctet) => fourOctet ? AnyAsn : NarrowAsn;

    public static Gen<IPAddress> Ipv4Address => UInt32.Select(x => new IPAddress([(byte)(x >> 24), (byte)(x >> 16), (byte)(x >> 8), (byte)x]));

    public static Gen<IPAddress> Ipv6Address => Gen.ArrayOf(Byte, 16).Select(b => new IPAddress(b));

    /// <summary>An IPv6 link-local address (fe80::/64, RFC 4291 2.5.6), as the second MP_REACH next hop (RFC 2545 3).</summary>
    public static Gen<IPAddress> LinkLocalAddress => Gen.ArrayOf(Byte, 8).Select(iid =>
    {
        byte[] b = new byte[16];
        b[0] = 0xfe;
        b[1] = 0x80;
        iid.CopyTo(b, 8);
        return new IPAddress(b);
    });

    /// <summary>IPv4 prefixes; the usual lengths (8..24) are favoured and 0 and 32 appear.</summary>
    public static Gen<Prefix> Ipv4Prefix =>
        from len in Gen.Frequency((1, Gen.Choose(0, 32)), (3, Gen.Choose(8, 24)), (1, Gen.Elements(0, 32)))
        from addr in UInt32
        select Prefix.V4(addr, len);

    public static Gen<Prefix> Ipv6Prefix =>
        from len in Gen.Frequency((1, Gen.Choose(0, 128)), (3, Gen.Choose(16, 64)), (1, Gen.Elements(0, 1, 127, 128)))
        from hi in UInt64
        from lo in UInt64
        select Prefix.V6(hi, lo, len);

    public static Gen<Prefix> PrefixOf(bool ipv6) => ipv6 ? Ipv6Prefix : Ipv4Prefix;

    public static Gen<Prefix> AnyPrefix => Gen.OneOf(Ipv4Prefix, Ipv6Prefix);

    /// <summary>A path identifier (RFC 7911): 0 is legal and common, so it is favoured.</summary>
    public static Gen<uint> PathId => Gen.Frequency((1, Gen.Constant(0u)), (1, Gen.Choose(1, 16).Select(x => (uint)x)), (2, UInt32));

    /// <summary>A route of <paramref name="family"/>; with a path identifier only when ADD-PATH is in use.</summary>
    public static Gen<Nlri> Route(bool ipv6, bool addPath) =>
        addPath
            ? from p in PrefixOf(ipv6) from id in PathId select new Nlri(p, id)
            : PrefixOf(ipv6).Select(p => new Nlri(p));

    public static Gen<ImmutableArray<Nlri>> NlriList(bool ipv6, bool addPath, int max) =>
        ImmutableOf(Route(ipv6, addPath), 0, max);

    /// <summary>A family: mostly ones we name, sometimes numbers nobody registered (kept as they are).</summary>
    public static Gen<AfiSafi> Family => Gen.Frequency(
        (3, Gen.Elements(UnicastFamilies)),
        (2, Gen.Elements(RawFamilies)),
        (1, from afi in Gen.Choose(1, 65535) from safi in Gen.Choose(1, 255) select new AfiSafi((Afi)afi, (Safi)safi)));

    /// <summary>
    /// What a session may agree: 4-octet AS, extended messages, ADD-PATH per family and direction. The
    /// options describe the sender; <see cref="Mirror"/> gives the receiver's.
    /// </summary>
    public static Gen<CodecOptions> Options =>
        from fourOctet in Bool
        from extended in OneIn(4)
        from send in Gen.SubListOf(UnicastFamilies)
        from receive in Gen.SubListOf(UnicastFamilies)
        select new CodecOptions
        {
            FourOctetAs = fourOctet,
            ExtendedMessage = extended,
            AddPathSend = [.. send],
            AddPathReceive = [.. receive],
        };

    /// <summary>The options of the other end of the session: what one sends with path ids, the other receives with them.</summary>
    public static CodecOptions Mirror(CodecOptions o) => o with { AddPathReceive = o.AddPathSend, AddPathSend = o.AddPathReceive };
}

using Bgp.Protocol;
using System.Collections.Immutable;
using Bgp.Protocol.Attributes;
using FsCheck;
using FsCheck.Fluent;

namespace Bgp.Testing.Arbitraries;

public static partial class BgpGen
{
    /// <summary>Type codes the codec does not interpret (not 0, not 1-10, 14-18, 32, 35).</summary>
    public static readonly byte[] UnknownAttributeCodes =
        [.. Enumerable.Range(11, 3).Concat(Enumerable.Range(19, 13)).Concat([33, 34]).Concat(Enumerable.Range(36, 219)).Select(x => (byte)x)];

    /// <summary>
    /// One AS_PATH segment of <paramref name="type"/>. Sequences sometimes run to the 255 ASes one segment
    /// can hold (RFC 4271 4.3), so the one-octet segment length is exercised at its limit.
    /// </summary>
    public static Gen<AsPathSegment> Segment(AsPathSegmentType type, Gen<uint> asn)
    {
        var count = type == AsPathSegmentType.AsSequence
            ? Gen.Frequency((12, Gen.Choose(1, 12)), (1, Gen.Choose(200, 255)))
            : Gen.Choose(1, 6);
        return from n in count from asns in Gen.ArrayOf(asn, n) select new AsPathSegment(type, [.. asns]);
    }

    /// <summary>
    /// An AS_PATH: confederation segments (RFC 5065) only at the front, where a confederation member puts
    /// them, then AS_SEQUENCE and AS_SET segments. At most one long sequence, so the path fits a message.
    /// </summary>
    public static Gen<AsPath> AsPath(Gen<uint> asn, bool allowConfederation) => AsPath(asn, asn, allowConfederation);

    /// <summary>As <see cref="AsPath(Gen{uint}, bool)"/> with a separate AS number generator for the confederation segments.</summary>
    public static Gen<AsPath> AsPath(Gen<uint> asn, Gen<uint> confedAsn, bool allowConfederation)
    {
        var confed = Gen.Elements(AsPathSegmentType.AsConfedSequence, AsPathSegmentType.AsConfedSet)
            .SelectMany(t => Segment(t, confedAsn).Select(s => t == AsPathSegmentType.AsConfedSequence ? Shorten(s, 10) : s));
        var plain = Gen.Frequency((3, Gen.Constant(AsPathSegmentType.AsSequence)), (1, Gen.Constant(AsPathSegmentType.AsSet)))
            .SelectMany(t => Segment(t, asn));
        return from leading in allowConfederation ? ArrayOf(confed, 1, 3) : Gen.Constant(Array.Empty<AsPathSegment>())
               from useConfed in OneIn(3)
               from rest in ArrayOf(plain, 0, 4)
               select Build(useConfed ? leading : [], rest);

        static AsPath Build(AsPathSegment[] leading, AsPathSegment[] rest)
        {
            // Keep one long segment at most: a path of several 255-AS segments would not fit in 4096 octets.
            bool sawLong = false;
            var list = new List<AsPathSegment>(leading);
            foreach (var s in rest)
            {
                if (s.Asns.Length > 12)
                {
                    if (sawLong) { list.Add(Shorten(s, 12)); continue; }
                    sawLong = true;
                }
                list.Add(s);
            }
            return list.Count == 0 ? Protocol.Attributes.AsPath.Empty : new AsPath([.. list]);
        }
    }

    /// <summary>
    /// AS_PATH segments around the length <see cref="Protocol.Attributes.AsPath"/> holds inline: one sequence of
    /// 1, N-1, N or N+1 ASes, sometimes followed by a second segment or led by an AS_SET, sometimes no segment
    /// at all or one empty sequence (only the segments constructor makes that one). The AS numbers come from
    /// <paramref name="asn"/>; a small set of them makes equal paths from different draws common.
    /// </summary>
    public static Gen<ImmutableArray<AsPathSegment>> SegmentsNearInlineLimit(Gen<uint> asn)
    {
        const int n = Protocol.Attributes.AsPath.InlineCapacity;
        var length = Gen.Elements(1, n - 1, n, n + 1);
        Gen<AsPathSegment> Of(AsPathSegmentType type) =>
            from count in length from asns in Gen.ArrayOf(asn, count) select new AsPathSegment(type, [.. asns]);
        var sequence = Of(AsPathSegmentType.AsSequence);
        var other = Gen.Elements(AsPathSegmentType.AsSequence, AsPathSegmentType.AsSet, AsPathSegmentType.AsConfedSequence).SelectMany(Of);
        return Gen.Frequency(
            (6, sequence.Select(s => ImmutableArray.Create(s))),
            (2, from a in sequence from b in other select ImmutableArray.Create(a, b)),
            (1, from a in Of(AsPathSegmentType.AsSet) from b in sequence select ImmutableArray.Create(a, b)),
            (1, Gen.Constant(ImmutableArray<AsPathSegment>.Empty)),
            (1, Gen.Constant(ImmutableArray.Create(new AsPathSegment(AsPathSegmentType.AsSequence, [])))));
    }

    private static AsPathSegment Shorten(AsPathSegment s, int max) =>
        s.Asns.Length <= max ? s : new AsPathSegment(s.Type, s.Asns[..max]);

    public static Gen<Aggregator> Aggregator(Gen<uint> asn) =>
        from a in asn from id in UInt32 select new Aggregator(a, id);

    public static Gen<ExtendedCommunity> ExtendedCommunity => Gen.Frequency(
        // Route targets of the three common kinds (RFC 4360 4, RFC 5668), and anything else.
        (1, from a in Gen.Choose(1, 65535) from v in UInt32 select new ExtendedCommunity(0x0002UL << 48 | (ulong)a << 32 | v)),
        (1, from ip in UInt32 from v in Gen.Choose(0, 65535) select new ExtendedCommunity(0x0102UL << 48 | (ulong)ip << 16 | (uint)v)),
        (1, from a in UInt32 from v in Gen.Choose(0, 65535) select new ExtendedCommunity(0x0202UL << 48 | (ulong)a << 16 | (uint)v)),
        (2, UInt64.Select(v => new ExtendedCommunity(v))));

    public static Gen<LargeCommunity> LargeCommunity =>
        from g in UInt32 from a in UInt32 from b in UInt32 select new LargeCommunity(g, a, b);

    /// <summary>
    /// Unknown optional attributes, each type code at most once (a repeat is discarded, RFC 7606 3 g).
    /// Optional, maybe transitive, maybe partial; well-known unknown ones would reset the session. Values
    /// are sometimes longer than 255 octets so that the Extended Length flag is exercised.
    /// </summary>
    public static Gen<ImmutableArray<RawAttribute>> UnknownAttributes =>
        from n in Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Choose(1, 3)))
        from codes in Gen.Shuffle(UnknownAttributeCodes)
        from attrs in Gen.CollectToArray(codes.Take(n), code =>
            from transitive in Bool
            from partial in OneIn(3)
            from value in Gen.Frequency((8, Bytes(0, 40)), (1, Bytes(256, 400)))
            select new RawAttribute(
                AttributeFlags.Optional | (transitive ? AttributeFlags.Transitive : 0) | (partial ? AttributeFlags.Partial : 0),
                code, [.. value]))
        select ImmutableArray.Create(attrs);

    /// <summary>
    /// A path attribute set valid on a session with <paramref name="options"/>: 2-octet AS numbers unless
    /// 4-octet AS was agreed. On a 2-octet session it may carry AS4_PATH / AS4_AGGREGATOR as an OLD
    /// speaker passes them on (AGGREGATOR then holds AS_TRANS, RFC 6793 4.2.2); a 4-octet session never
    /// carries them. With <paramref name="mandatory"/> it has ORIGIN and AS_PATH, and NEXT_HOP with
    /// <paramref name="nextHop"/> (RFC 4271 5, RFC 4760 3).
    /// </summary>
    public static Gen<PathAttributes> Attributes(CodecOptions options, bool mandatory, bool nextHop)
    {
        var asn = Asn(options.FourOctetAs);
        return from origin in Maybe(Gen.Elements(Origin.Igp, Origin.Egp, Origin.Incomplete), mandatory)
               from path in MaybeRef(AsPath(asn, allowConfederation: true), mandatory)
               from nh in MaybeRef(Ipv4Address, nextHop)
               from med in Maybe(UInt32, false)
               from lp in Maybe(UInt32, false)
               from atomic in Bool
               from agg in Maybe(Aggregator(asn), false)
               from communities in Small(UInt32, 20)
               from originator in Maybe(UInt32, false)
               from clusters in Small(UInt32, 10)
               from ext in Small(ExtendedCommunity, 10)
               from as4 in options.FourOctetAs ? Gen.Constant<As4Pair?>(null) : OneIn(4).SelectMany(b => b ? As4Pair.Gen : Gen.Constant<As4Pair?>(null))
               from large in Small(LargeCommunity, 10)
               from otc in Maybe(UInt32, false)
               from unknown in UnknownAttributes
               select new PathAttributes
               {
                   Origin = origin,
                   AsPath = path,
                   NextHop = nh,
                   MultiExitDisc = med,
                   LocalPref = lp,
                   AtomicAggregate = atomic,
                   Aggregator = as4?.Aggregator is null ? agg : new Aggregator(BgpConstants.AsTrans, as4.Aggregator.Value.Address),
                   Communities = communities,
                   OriginatorId = originator,
                   ClusterList = clusters,
                   ExtendedCommunities = ext,
                   As4Path = as4?.Path,
                   As4Aggregator = as4?.Aggregator,
                   LargeCommunities = large,
                   OnlyToCustomer = otc,
                   Unknown = unknown,
               };
    }

    /// <summary>
    /// Attributes whose AS numbers need 4 octets, as a NEW speaker holds them before sending to an OLD
    /// one: no AS4_PATH / AS4_AGGREGATOR yet (the encoder makes them), confederation members with
    /// 2-octet numbers (AS4_PATH carries no confederation segments, RFC 6793 3), and an AGGREGATOR that
    /// is absent or wide (a 2-octet AGGREGATOR tells the receiver to ignore AS4_PATH, RFC 6793 4.2.3).
    /// </summary>
    public static Gen<PathAttributes> WideAsPathAttributes =>
        from basis in Attributes(Protocol.CodecOptions.FourOctet, mandatory: true, nextHop: true)
        from path in AsPath(Gen.Frequency((1, NarrowAsn), (2, WideAsn)), NarrowAsn, allowConfederation: true)
        from agg in Maybe(Aggregator(WideAsn), false)
        select basis with { AsPath = path, Aggregator = agg, As4Path = null, As4Aggregator = null };

    private static Gen<T?> Maybe<T>(Gen<T> gen, bool always) where T : struct =>
        always ? gen.Select(v => (T?)v) : Gen.Frequency((1, Gen.Constant<T?>(null)), (1, gen.Select(v => (T?)v)));

    private static Gen<T?> MaybeRef<T>(Gen<T> gen, bool always) where T : class =>
        always ? gen.Select(v => (T?)v) : Gen.Frequency((1, Gen.Constant<T?>(null)), (1, gen.Select(v => (T?)v)));

    private static Gen<ImmutableArray<T>> Small<T>(Gen<T> gen, int max) =>
        Gen.Frequency((1, Gen.Constant(ImmutableArray<T>.Empty)), (2, ImmutableOf(gen, 1, max)));

    /// <summary>AS4_PATH and AS4_AGGREGATOR as received through an OLD speaker (no confederation segments, RFC 6793 6).</summary>
    private sealed record As4Pair(AsPath? Path, Aggregator? Aggregator)
    {
        public static Gen<As4Pair?> Gen =>
            from path in MaybeRef(BgpGen.AsPath(AnyAsn, allowConfederation: false), false)
            from agg in Maybe(BgpGen.Aggregator(WideAsn), false)
            select (As4Pair?)new As4Pair(path, agg);
    }
}

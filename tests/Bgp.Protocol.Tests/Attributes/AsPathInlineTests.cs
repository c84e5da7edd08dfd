using System.Buffers.Binary;
using System.Collections.Immutable;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using Bgp.Testing.Arbitraries;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bgp.Protocol.Tests.Attributes;

/// <summary>
/// A short single AS_SEQUENCE is held inline in the AsPath, anything else in an array: both forms must stay
/// one canonical value, so paths built every way around the inline limit compare and hash equal exactly when
/// their segments are equal, and encode to the bytes their segments say.
/// </summary>
public class AsPathInlineTests
{
    /// <summary>The ways a path gets built in the daemon.</summary>
    public enum Way { Constructor, FromSequence, Decoded, PrependedOneByOne, PrependedTimes, FromParts }

    private static readonly Gen<uint> FewAsns = Gen.Frequency((6, Gen.Constant(64500u)), (1, Gen.Constant(3356u)), (1, Gen.Constant(70000u)));

    private static Arbitrary<(ImmutableArray<AsPathSegment> A, Way WayA, ImmutableArray<AsPathSegment> B, Way WayB)> Pairs =>
        Arb.From(
            from a in BgpGen.SegmentsNearInlineLimit(FewAsns)
            from wayA in Gen.Elements(Enum.GetValues<Way>())
            from same in Gen.Elements(true, false)
            from other in BgpGen.SegmentsNearInlineLimit(FewAsns)
            from wayB in Gen.Elements(Enum.GetValues<Way>())
            select (a, wayA, same ? a : other, wayB));

    [Property(MaxTest = 2000)]
    public Property AsPath_BuiltAnyWayNearTheInlineLimit_EqualExactlyWhenSegmentsAreEqual() =>
        Prop.ForAll(Pairs, p =>
        {
            var a = Build(p.A, p.WayA);
            var b = Build(p.B, p.WayB);
            Assert.Equal(p.A.ToArray(), a.Segments.ToArray());
            Assert.Equal(p.B.ToArray(), b.Segments.ToArray());
            bool same = p.A.AsSpan().SequenceEqual(p.B.AsSpan());
            Assert.Equal(same, a.Equals(b));
            Assert.Equal(same, b.Equals(a));
            if (same) Assert.Equal(a.GetHashCode(), b.GetHashCode());
            Assert.Equal(ShouldBeInline(p.A), a.IsInline);
            Assert.Equal(ShouldBeInline(p.B), b.IsInline);
            Assert.Equal(Reference(p.A), EncodedAsPath(a));
            Assert.Equal(Reference(p.B), EncodedAsPath(b));
        });

    /// <summary>The canonical form: inline exactly when the path is one non-empty AS_SEQUENCE of at most the capacity.</summary>
    private static bool ShouldBeInline(ImmutableArray<AsPathSegment> segments) =>
        segments.Length == 1 && segments[0].Type == AsPathSegmentType.AsSequence
        && segments[0].Asns.Length is > 0 and <= AsPath.InlineCapacity;

    /// <summary>The path of these segments, built <paramref name="way"/> when that way can make it, else by the constructor.</summary>
    private static AsPath Build(ImmutableArray<AsPathSegment> segments, Way way)
    {
        bool anyEmpty = segments.Any(s => s.Asns.IsEmpty);
        switch (way)
        {
            case Way.FromSequence when segments.IsEmpty:
                return AsPath.FromSequence();
            case Way.FromSequence when segments.Length == 1 && segments[0].Type == AsPathSegmentType.AsSequence && !anyEmpty:
                return AsPath.FromSequence([.. segments[0].Asns]);
            case Way.Decoded when !anyEmpty:
                return AsPathReader.TryRead(Reference(segments), 4, allowConfederation: true, out _)!;
            case Way.FromParts:
                return AsPath.FromParts([.. segments.SelectMany(s => s.Asns)], [.. segments.Select(s => AsPath.LayoutWord(s.Type, s.Asns.Length))]);
            case Way.PrependedOneByOne or Way.PrependedTimes when PrependBase(segments, way == Way.PrependedTimes) is { } split:
                var path = new AsPath(split.Tail);
                if (way == Way.PrependedTimes) return path.Prepend(split.Front[0], split.Front.Length);
                for (int i = split.Front.Length - 1; i >= 0; i--) path = path.Prepend(split.Front[i]);
                return path;
            default:
                return new AsPath(segments);
        }
    }

    /// <summary>
    /// Splits the leading AS_SEQUENCE into ASes to prepend and the path to prepend them to, such that the
    /// prepend rule (RFC 4271 5.1.2 b) gives back these segments; null when there is no such split.
    /// </summary>
    private static (uint[] Front, ImmutableArray<AsPathSegment> Tail)? PrependBase(ImmutableArray<AsPathSegment> segments, bool equalOnly)
    {
        if (segments.IsEmpty || segments[0].Type != AsPathSegmentType.AsSequence || segments[0].Asns.IsEmpty) return null;
        var first = segments[0].Asns;
        int take = first.Length;
        if (equalOnly)
        {
            take = 1;
            while (take < first.Length && first[take] == first[0]) take++;
        }
        // Taking the whole sequence leaves a path that a prepend would join into if it starts with a sequence.
        if (take == first.Length && segments.Length > 1 && segments[1].Type == AsPathSegmentType.AsSequence) take--;
        if (take == 0) return null;
        var rest = take == first.Length
            ? segments.RemoveAt(0)
            : segments.SetItem(0, new AsPathSegment(AsPathSegmentType.AsSequence, first[take..]));
        return ([.. first[..take]], rest);
    }

    /// <summary>
    /// The AS_PATH body written by hand from the segments (RFC 4271 4.3, 4-octet ASes); an empty segment,
    /// which the wire cannot carry (RFC 7606 7.2), is left out as the encoder leaves it out.
    /// </summary>
    private static byte[] Reference(ImmutableArray<AsPathSegment> segments)
    {
        var bytes = new List<byte>();
        foreach (var s in segments.Where(s => !s.Asns.IsEmpty))
        {
            bytes.Add((byte)s.Type);
            bytes.Add((byte)s.Asns.Length);
            foreach (uint asn in s.Asns) bytes.AddRange([(byte)(asn >> 24), (byte)(asn >> 16), (byte)(asn >> 8), (byte)asn]);
        }
        return [.. bytes];
    }

    /// <summary>The AS_PATH attribute's body in an UPDATE the encoder writes for this path.</summary>
    private static byte[] EncodedAsPath(AsPath path)
    {
        var message = BgpEncoder.ToArray(new UpdateMessage { Attributes = new PathAttributes { Origin = Origin.Igp, AsPath = path } }, CodecOptions.FourOctet);
        int withdrawn = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(19));
        int pos = 21 + withdrawn;
        int end = pos + 2 + BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(pos));
        pos += 2;
        while (pos < end)
        {
            byte flags = message[pos];
            byte type = message[pos + 1];
            bool extended = (flags & 0x10) != 0;
            int length = extended ? BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(pos + 2)) : message[pos + 2];
            int body = pos + (extended ? 4 : 3);
            if (type == (byte)AttributeType.AsPath) return message[body..(body + length)];
            pos = body + length;
        }
        throw new InvalidOperationException("no AS_PATH in the encoded UPDATE");
    }
}

using System.Collections.Immutable;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Tests.RoundTrip;
using Bgp.Testing.Arbitraries;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bgp.Protocol.Tests.Attributes;

/// <summary>
/// The flat AS path (one array of ASes plus layout words) against its segment view: every way of
/// building a path gives the same canonical value, and the flat accessors agree with the segments.
/// </summary>
public class AsPathTests
{
    private static AsPathSegment Seg(AsPathSegmentType type, params uint[] asns) => new(type, [.. asns]);
    private static AsPathSegment Seq(params uint[] asns) => Seg(AsPathSegmentType.AsSequence, asns);
    private static AsPathSegment Set(params uint[] asns) => Seg(AsPathSegmentType.AsSet, asns);
    private static AsPath Path(params AsPathSegment[] segments) => new([.. segments]);

    private static Arbitrary<AsPath> AnyPath => Arb.From(BgpGen.AsPath(Gen.Choose(1, 70000).Select(i => (uint)i), allowConfederation: true));

    [Property(MaxTest = 300)]
    public Property AsPath_RebuiltFromItsSegments_IsEqualWithEqualHash() =>
        Prop.ForAll(AnyPath, path =>
        {
            var rebuilt = new AsPath(path.Segments);
            Assert.Equal(path, rebuilt);
            Assert.Equal(path.GetHashCode(), rebuilt.GetHashCode());
            Assert.Equal(path.ToString(), rebuilt.ToString());
        });

    [Property(MaxTest = 300)]
    public Property AsPath_FlatAccessors_AgreeWithSegments() =>
        Prop.ForAll(AnyPath, path =>
        {
            var segments = path.Segments;
            Assert.Equal(segments.Length, path.SegmentCount);
            var all = new List<uint>();
            int i = 0;
            foreach (var s in path.EnumerateSegments())
            {
                Assert.Equal(segments[i].Type, s.Type);
                Assert.Equal(segments[i].Asns, s.Asns.ToArray());
                all.AddRange(segments[i].Asns);
                i++;
            }
            Assert.Equal(segments.Length, i);
            Assert.Equal(all, path.Asns.ToArray());
            Assert.Equal(all.Count, path.AsnCount);
            int decision = 0;
            foreach (var s in segments)
                decision += s.Type switch { AsPathSegmentType.AsSequence => s.Asns.Length, AsPathSegmentType.AsSet => 1, _ => 0 };
            Assert.Equal(decision, path.DecisionLength);
            var firstPlain = segments.FirstOrDefault(s => !s.IsConfederation);
            Assert.Equal(firstPlain?.Type == AsPathSegmentType.AsSequence ? firstPlain.Asns[0] : null, path.FirstAs);
            Assert.Equal(segments.Length > 0 && segments[^1].Type == AsPathSegmentType.AsSequence ? segments[^1].Asns[^1] : null, path.OriginAs);
            Assert.Equal(segments.Length == 1 && segments[0].Type == AsPathSegmentType.AsSequence, path.IsSingleSequence);
        });

    /// <summary>Decoded paths (the decoder sizes the flat array itself) equal constructed ones.</summary>
    [Property(MaxTest = 300)]
    public Property AsPath_EncodedThenDecoded_EqualsTheSegmentsItWasBuiltFrom() =>
        Prop.ForAll(AnyPath, path =>
        {
            var message = new UpdateMessage { Attributes = new PathAttributes { Origin = Origin.Igp, AsPath = path } };
            var decoded = Wire.RoundTrip(message, CodecOptions.FourOctet).Attributes.AsPath!;
            Assert.Equal(path, decoded);
            Assert.Equal(path.GetHashCode(), decoded.GetHashCode());
            Assert.Equal(path.Segments.ToArray(), decoded.Segments.ToArray());
            Assert.Equal(new AsPath(decoded.Segments), decoded);
        });

    [Fact]
    public void AsPathReader_SeveralSegmentsWithSetAndConfederation_KeepsEverySegment()
    {
        byte[] data =
        [
            3, 2, 0, 0, 0xFD, 0xE9, 0, 0, 0xFD, 0xEA, // AS_CONFED_SEQUENCE 65001 65002
            2, 2, 0, 0, 0x0D, 0x1C, 0, 0, 0, 174,     // AS_SEQUENCE 3356 174
            1, 2, 0, 0, 0, 1, 0, 0, 0, 2,             // AS_SET {1 2}
        ];
        var path = AsPathReader.TryRead(data, 4, allowConfederation: true, out string? problem)!;

        Assert.Null(problem);
        Assert.Equal(Path(Seg(AsPathSegmentType.AsConfedSequence, 65001, 65002), Seq(3356, 174), Set(1, 2)), path);
        Assert.Equal("(65001 65002) 3356 174 {1 2}", path.ToString());
        Assert.Equal(3, path.SegmentCount);
        Assert.Equal(3, path.DecisionLength);
        Assert.Equal(3356u, path.FirstAs);
        Assert.Null(path.OriginAs);
    }

    [Fact]
    public void AsPath_OneEmptySequenceSegment_IsNotTheEmptyPath()
    {
        var path = Path(Seq());
        Assert.NotEqual(AsPath.Empty, path);
        Assert.Equal(1, path.SegmentCount);
        Assert.Empty(Assert.Single(path.Segments).Asns);
        Assert.Equal(Path(Seq()), path);
    }

    [Fact]
    public void AsPath_SequenceVersusSetOfSameAses_AreNotEqual()
    {
        Assert.NotEqual(Path(Seq(1, 2)), Path(Set(1, 2)));
        Assert.NotEqual(Path(Seq(1), Seq(2)), Path(Seq(1, 2)));
        Assert.Equal(AsPath.FromSequence(1, 2), Path(Seq(1, 2)));
    }

    [Fact]
    public void Prepend_EmptyPath_MakesOneSequence()
    {
        Assert.Equal(AsPath.FromSequence(65000), AsPath.Empty.Prepend(65000));
        Assert.Equal(AsPath.FromSequence(65000, 65000, 65000), AsPath.Empty.Prepend(65000, 3));
    }

    /// <summary>RFC 4271 5.1.2 (b): the AS goes in front of the leftmost AS_SEQUENCE.</summary>
    /// <summary>
    /// A path of one empty AS_SEQUENCE (only the segments constructor makes one; the decoder rejects it) becomes
    /// one non-empty sequence when prepended to, and must then equal the same path built any other way.
    /// </summary>
    [Fact]
    public void Prepend_OneEmptySequence_EqualsFromSequence()
    {
        var emptySequence = new AsPath([new AsPathSegment(AsPathSegmentType.AsSequence, [])]);
        var prepended = emptySequence.Prepend(65000, 2);
        Assert.Equal(AsPath.FromSequence(65000, 65000), prepended);
        Assert.Equal(AsPath.FromSequence(65000, 65000).GetHashCode(), prepended.GetHashCode());
    }

    [Fact]
    public void Prepend_SequenceFirst_JoinsTheSequence()
    {
        Assert.Equal(AsPath.FromSequence(65000, 1, 2), AsPath.FromSequence(1, 2).Prepend(65000));
        Assert.Equal(Path(Seq(65000, 65000, 1, 2), Set(3, 4)), Path(Seq(1, 2), Set(3, 4)).Prepend(65000, 2));
    }

    /// <summary>RFC 4271 5.1.2 (b): a path that starts with an AS_SET gets a new AS_SEQUENCE in front.</summary>
    [Fact]
    public void Prepend_SetOrConfederationFirst_AddsASequenceInFront()
    {
        Assert.Equal(Path(Seq(65000), Set(3, 4)), Path(Set(3, 4)).Prepend(65000));
        Assert.Equal(Path(Seq(65000), Set(3, 4), Seq(5)), Path(Set(3, 4), Seq(5)).Prepend(65000));
        var confed = Seg(AsPathSegmentType.AsConfedSequence, 65010);
        Assert.Equal(Path(Seq(65000), confed, Seq(1)), Path(confed, Seq(1)).Prepend(65000));
    }

    /// <summary>A segment holds at most 255 ASes (RFC 4271 4.3): a full leading sequence gets a new one in front.</summary>
    [Fact]
    public void Prepend_FullSequence_AddsASequenceInFront()
    {
        var full = Enumerable.Range(1, 255).Select(i => (uint)i).ToArray();
        Assert.Equal(Path(Seq(65000), Seq(full)), AsPath.FromSequence(full).Prepend(65000));
        var almost = full[..254];
        Assert.Equal(Path(Seq(65000, 65000), Seq(almost)), AsPath.FromSequence(almost).Prepend(65000, 2));
        Assert.Equal(AsPath.FromSequence([65000, .. almost]), AsPath.FromSequence(almost).Prepend(65000));
    }

    [Property(MaxTest = 300)]
    public Property Prepend_AnyPath_MatchesTheSegmentRule() =>
        Prop.ForAll(AnyPath, Arb.From(Gen.Choose(1, 5)), (path, times) =>
        {
            var segments = path.Segments;
            var front = Enumerable.Repeat(65000u, times);
            ImmutableArray<AsPathSegment> expected =
                segments.Length > 0 && segments[0].Type == AsPathSegmentType.AsSequence && segments[0].Asns.Length + times <= 255
                    ? segments.SetItem(0, Seq([.. front, .. segments[0].Asns]))
                    : segments.Insert(0, Seq([.. front]));
            var prepended = path.Prepend(65000, times);
            Assert.Equal(new AsPath(expected), prepended);
            Assert.Equal(expected.ToArray(), prepended.Segments.ToArray());
            Assert.Equal(path.DecisionLength + times, prepended.DecisionLength);
        });
}

using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;

namespace Bgp.Protocol.Tests.Codec;

/// <summary>The RFC 6793 4.2.3 rules for rebuilding the path of a route that crossed a 2-octet speaker.</summary>
public class AsPathMergerTests
{
    private const uint T = BgpConstants.AsTrans;

    private static AsPathSegment Seq(params uint[] a) => new(AsPathSegmentType.AsSequence, [.. a]);
    private static AsPathSegment Set(params uint[] a) => new(AsPathSegmentType.AsSet, [.. a]);
    private static AsPathSegment CSeq(params uint[] a) => new(AsPathSegmentType.AsConfedSequence, [.. a]);
    private static AsPathSegment CSet(params uint[] a) => new(AsPathSegmentType.AsConfedSet, [.. a]);
    private static AsPath Path(params AsPathSegment[] s) => new([.. s]);

    public static TheoryData<string, AsPath, AsPath, AsPath> Paths => new()
    {
        { "same length: AS4_PATH replaces the AS_TRANS entries", Path(Seq(100, T, 200, T)), Path(Seq(100, 70000, 200, 70001)), Path(Seq(100, 70000, 200, 70001)) },
        { "OLD speakers prepended: their ASes are taken from the front", Path(Seq(10, 20, T, 30)), Path(Seq(70000, 30)), Path(Seq(10, 20, 70000, 30)) },
        { "AS4_PATH longer than AS_PATH is ignored", Path(Seq(1, 2)), Path(Seq(70000, 70001, 70002)), Path(Seq(1, 2)) },
        { "an AS_SET counts as one when taking from AS_PATH", Path(Seq(100), Set(1, 2), Seq(T)), Path(Seq(70000)), Path(Seq(100), Set(1, 2), Seq(70000)) },
        { "an AS_SET in AS4_PATH counts as one", Path(Seq(100, T), Set(T, 5)), Path(Seq(70000), Set(70001, 5)), Path(Seq(100, 70000), Set(70001, 5)) },
        { "a leading confederation segment stays", Path(CSeq(65001), Seq(T, 100)), Path(Seq(70000, 100)), Path(CSeq(65001), Seq(70000, 100)) },
        { "every leading confederation segment stays", Path(CSeq(65001), CSet(65002, 65003), Seq(T)), Path(Seq(70000)), Path(CSeq(65001), CSet(65002, 65003), Seq(70000)) },
        { "confederation segments count zero", Path(CSeq(65001, 65002), Seq(10, T)), Path(Seq(70000)), Path(CSeq(65001, 65002), Seq(10, 70000)) },
        { "an empty AS4_PATH leaves the AS_PATH", Path(Seq(10, 20)), AsPath.Empty, Path(Seq(10, 20)) },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void MergePaths_Rfc6793Case_GivesExpectedPath(string why, AsPath asPath, AsPath as4Path, AsPath expected)
    {
        Assert.True(expected.Equals(AsPathMerger.MergePaths(asPath, as4Path)), why);
    }

    [Fact]
    public void Merge_NoAs4Attributes_ReturnsSameInstance()
    {
        var a = new PathAttributes { AsPath = Path(Seq(1, 2)), Aggregator = new Aggregator(T, 1) };
        Assert.Same(a, AsPathMerger.Merge(a));
    }

    [Fact]
    public void Merge_AggregatorWithoutAsTrans_IgnoresAs4PathAndAs4Aggregator()
    {
        var a = new PathAttributes
        {
            AsPath = Path(Seq(100, T)),
            Aggregator = new Aggregator(100, 7),
            As4Path = Path(Seq(100, 70000)),
            As4Aggregator = new Aggregator(70000, 7),
        };
        var m = AsPathMerger.Merge(a);
        Assert.Equal(Path(Seq(100, T)), m.AsPath);
        Assert.Equal(new Aggregator(100, 7), m.Aggregator);
        Assert.Null(m.As4Path);
        Assert.Null(m.As4Aggregator);
    }

    [Fact]
    public void Merge_AggregatorWithAsTrans_TakesAs4AggregatorAndMergesPath()
    {
        var a = new PathAttributes
        {
            Origin = Origin.Igp,
            AsPath = Path(Seq(100, T)),
            Aggregator = new Aggregator(T, 7),
            As4Path = Path(Seq(100, 70000)),
            As4Aggregator = new Aggregator(70000, 7),
            Communities = [1, 2],
        };
        var m = AsPathMerger.Merge(a);
        Assert.Equal(Path(Seq(100, 70000)), m.AsPath);
        Assert.Equal(new Aggregator(70000, 7), m.Aggregator);
        Assert.Null(m.As4Path);
        Assert.Null(m.As4Aggregator);
        Assert.Equal(a.Communities, m.Communities);
        Assert.Equal(Origin.Igp, m.Origin);
    }

    [Fact]
    public void Merge_As4AggregatorWithoutAggregator_IsDropped()
    {
        var m = AsPathMerger.Merge(new PathAttributes { AsPath = Path(Seq(T)), As4Path = Path(Seq(70000)), As4Aggregator = new Aggregator(70000, 7) });
        Assert.Null(m.Aggregator);
        Assert.Null(m.As4Aggregator);
        Assert.Equal(Path(Seq(70000)), m.AsPath);
    }

    [Fact]
    public void Merge_As4PathWithoutAsPath_LeavesNoPath()
    {
        var m = AsPathMerger.Merge(new PathAttributes { As4Path = Path(Seq(70000)) });
        Assert.Null(m.AsPath);
        Assert.Null(m.As4Path);
    }
}

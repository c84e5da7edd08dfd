using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;
using Bgp.Testing.Arbitraries;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bgp.Protocol.Tests.Codec;

/// <summary>
/// The merger builds its result flat (AsPath's AS array and layout words); these check it against the
/// RFC 6793 4.2.3 rule written over segment objects, and on paths too long for its stack buffers.
/// </summary>
public class AsPathMergerFlatTests
{
    private static AsPathSegment Seq(IEnumerable<uint> a) => new(AsPathSegmentType.AsSequence, [.. a]);
    private static IEnumerable<uint> Range(uint first, int count) => Enumerable.Range(0, count).Select(i => first + (uint)i);

    [Property(MaxTest = 500)]
    public Property MergePaths_AnyPaths_AgreesWithTheSegmentRule()
    {
        var asn = Gen.Choose(1, 70000).Select(i => (uint)i);
        var paths = from a in BgpGen.AsPath(asn, allowConfederation: true)
                    from b in BgpGen.AsPath(asn, allowConfederation: false)
                    select (a, b);
        return Prop.ForAll(Arb.From(paths), p =>
        {
            var expected = Reference(p.a, p.b);
            var merged = AsPathMerger.MergePaths(p.a, p.b);
            Assert.Equal(expected, merged);
            Assert.Equal(expected.GetHashCode(), merged.GetHashCode());
        });
    }

    /// <summary>More ASes than the merger's stack buffer (256) holds: the first 200 of AS_PATH, then AS4_PATH; 300 do not fit one segment.</summary>
    [Fact]
    public void MergePaths_LongPaths_TakesTheLeadingAsesAndSplitsPastTheSegmentLimit()
    {
        var asPath = new AsPath([Seq(Range(1, 300))]);
        var as4Path = new AsPath([Seq(Range(70000, 100))]);

        var merged = AsPathMerger.MergePaths(asPath, as4Path);

        Assert.Equal(new AsPath([Seq(Range(1, 200)), Seq(Range(70000, 100))]), merged);
        Assert.Equal(300, merged.DecisionLength);
    }

    [Fact]
    public void MergePaths_JoinedSequenceOf255_IsOneSegment()
    {
        var asPath = new AsPath([Seq(Range(1, 255))]);
        var as4Path = new AsPath([Seq(Range(70000, 100))]);

        var merged = AsPathMerger.MergePaths(asPath, as4Path);

        Assert.Equal(AsPath.FromSequence([.. Range(1, 155), .. Range(70000, 100)]), merged);
        Assert.True(merged.IsSingleSequence);
    }

    /// <summary>The merge as the RFC states it, over segment objects (the implementation before the flat path).</summary>
    private static AsPath Reference(AsPath asPath, AsPath as4Path)
    {
        int n2 = asPath.DecisionLength, n4 = as4Path.DecisionLength;
        if (n2 < n4) return asPath;
        int need = n2 - n4;
        var segments = new List<AsPathSegment>();
        bool leading = true;
        foreach (var s in asPath.Segments)
        {
            if (need == 0 && !s.IsConfederation) break;
            if (s.IsConfederation)
            {
                if (need > 0 || leading) segments.Add(s);
                continue;
            }
            leading = false;
            if (s.Type == AsPathSegmentType.AsSet) { segments.Add(s); need--; continue; }
            int take = Math.Min(need, s.Asns.Length);
            segments.Add(new AsPathSegment(s.Type, s.Asns[..take]));
            need -= take;
        }
        var tail = as4Path.Segments;
        if (segments.Count > 0 && tail.Length > 0 && segments[^1].Type == AsPathSegmentType.AsSequence
            && tail[0].Type == AsPathSegmentType.AsSequence && segments[^1].Asns.Length + tail[0].Asns.Length <= 255)
        {
            segments[^1] = new AsPathSegment(AsPathSegmentType.AsSequence, segments[^1].Asns.AddRange(tail[0].Asns));
            segments.AddRange(tail[1..]);
        }
        else
        {
            segments.AddRange(tail);
        }
        return new AsPath([.. segments]);
    }
}

using System.Net;
using Bgp.Protocol;
using Bgp.Rib.Export;
using static Bgp.Rib.Tests.Export.ExportKit;

namespace Bgp.Rib.Tests.Export;

/// <summary>
/// The export memo keeps the first two memos' answers for a set on the set (RouteAttributes.ExportAnswer, two places
/// for one source key) and the answers of further memos, families or sources in its dictionary. Each peer pair below
/// shares a memo, so the second peer's export is answered by the memo and not by the first peer's remembered last
/// answer.
/// </summary>
public partial class ExportMemoTests
{
    private static readonly IPAddress OtherSelf = IPAddress.Parse("198.51.100.2");
    private static readonly IPAddress ThirdSelf = IPAddress.Parse("198.51.100.3");

    /// <summary>Two classes of peers (different next-hop-self addresses), two peers each, one memo per class.</summary>
    private static (ExportInterner Interner, ExportMemo MemoA, ExportMemo MemoB, PeerExporter A1, PeerExporter A2, PeerExporter B1, PeerExporter B2) TwoMemos()
    {
        var interner = new ExportInterner();
        var memoA = new ExportMemo();
        var memoB = new ExportMemo();
        return (interner, memoA, memoB,
            new PeerExporter(Speaker, Ebgp(id: 10), interner, memoA),
            new PeerExporter(Speaker, Ebgp(id: 11), interner, memoA),
            new PeerExporter(Speaker, Ebgp(id: 12) with { LocalAddressV4 = OtherSelf }, interner, memoB),
            new PeerExporter(Speaker, Ebgp(id: 13) with { LocalAddressV4 = OtherSelf }, interner, memoB));
    }

    [Fact]
    public void Export_FreshSetsOneMemo_AnsweredFromTheSetsWithAnEmptyDictionary()
    {
        var interner = new ExportInterner();
        var memo = new ExportMemo();
        var first = new PeerExporter(Speaker, Ebgp(id: 10), interner, memo);
        var second = new PeerExporter(Speaker, Ebgp(id: 11), interner, memo);
        var routes = new[] { Route(RibTestKit.Attrs(RibTestKit.Path(65001, 1))), Route(RibTestKit.Attrs(RibTestKit.Path(65001, 2))), Route(RibTestKit.Attrs(RibTestKit.Path(65001, 3))) };
        var answers = new ExportedRoute?[routes.Length];
        for (int i = 0; i < routes.Length; i++) first.Export(FromEbgp(), Afi.Ipv4, routes[i], out answers[i]);
        for (int i = 0; i < routes.Length; i++)
        {
            second.Export(FromEbgp(), Afi.Ipv4, routes[i], out var shared);
            Assert.Same(answers[i], shared);
            Assert.Equal(2, shared!.ReferenceCount);
        }
        Assert.Equal(0, memo.DictionaryCount);
        Assert.Equal(3, interner.Count);
    }

    [Fact]
    public void Export_SameSetTwoMemos_BothAnsweredFromTheSetWithEmptyDictionaries()
    {
        // Two classes of peers (different next-hop-self addresses, bench workload 2's generators and receiver)
        // export one set: both answers on the set, no dictionary, and neither memo hands out the other's.
        var (interner, memoA, memoB, a1, a2, b1, b2) = TwoMemos();
        var route = Route(RibTestKit.Attrs());
        a1.Export(FromEbgp(), Afi.Ipv4, route, out var fromA);
        b1.Export(FromEbgp(), Afi.Ipv4, route, out var fromB);
        a2.Export(FromEbgp(), Afi.Ipv4, route, out var againA);
        b2.Export(FromEbgp(), Afi.Ipv4, route, out var againB);
        Assert.Equal(SelfV4, fromA!.NextHop);
        Assert.Equal(OtherSelf, fromB!.NextHop);
        Assert.Same(fromA, againA);
        Assert.Same(fromB, againB);
        Assert.Equal(2, interner.Count);
        Assert.Equal(0, memoA.DictionaryCount);
        Assert.Equal(0, memoB.DictionaryCount);
    }

    [Fact]
    public void Export_SetAnswerReleasedToZero_AnotherMemoTakesTheSetAndTheFirstRecomputes()
    {
        // An answer whose references all went is never handed out again, and no longer keeps the set's place.
        var (interner, memoA, memoB, a1, a2, b1, _) = TwoMemos();
        var route = Route(RibTestKit.Attrs());
        a1.Export(FromEbgp(), Afi.Ipv4, route, out var dead);
        interner.Release(dead!);
        b1.Export(FromEbgp(), Afi.Ipv4, route, out var fromB);
        Assert.Equal(0, memoB.DictionaryCount);
        a2.Export(FromEbgp(), Afi.Ipv4, route, out var fresh);
        Assert.NotSame(dead, fresh);
        Assert.Equal(SelfV4, fresh!.NextHop);
        Assert.Equal(1, fresh.ReferenceCount);
        Assert.Equal(1, fromB!.ReferenceCount);
        Assert.Equal(2, interner.Count);
    }

    [Fact]
    public void Export_MemoClearedAfterAnsweringOnTheSet_RecomputesAndTakesItsPlaceBack()
    {
        // Clear gives the memo a new stamp: the answer on the set belongs to the cleared memo's past and is not
        // handed out; the memo recomputes (the same interned set, still referenced) and, knowing its retired stamp,
        // takes its own place back instead of going to its dictionary while the other memo has the second place.
        var (interner, memoA, memoB, a1, a2, b1, _) = TwoMemos();
        var route = Route(RibTestKit.Attrs());
        a1.Export(FromEbgp(), Afi.Ipv4, route, out var fromA);
        memoA.Clear();
        Assert.False(memoA.TryGet(route, FromEbgp(), Afi.Ipv4, out _));
        b1.Export(FromEbgp(), Afi.Ipv4, route, out _);
        Assert.Equal(0, memoB.DictionaryCount);
        a2.Export(FromEbgp(), Afi.Ipv4, route, out var again);
        Assert.Same(fromA, again);
        Assert.Equal(2, fromA!.ReferenceCount);
        Assert.Equal(0, memoA.DictionaryCount);
        Assert.True(memoA.TryGet(route, FromEbgp(), Afi.Ipv4, out var kept));
        Assert.Same(fromA, kept);
    }
}

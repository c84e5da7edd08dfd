using System.Net;
using System.Runtime.CompilerServices;
using Bgp.Protocol;
using Bgp.Rib.Export;
using static Bgp.Rib.Tests.Export.ExportKit;

namespace Bgp.Rib.Tests.Export;

/// <summary>
/// The two places on a set (ExportMemoSlot): which memo may take which, when an answer there is no longer handed
/// out, and the stamps that say whose an answer is.
/// </summary>
public partial class ExportMemoTests
{
    private static PeerExporter Exporter(ExportInterner interner, ExportMemo memo, IPAddress self, int id) =>
        new(Speaker, Ebgp(id) with { LocalAddressV4 = self }, interner, memo);

    [Fact]
    public void ExportMemoSlot_TwoAnswers_StaysThirtyTwoBytes()
    {
        // The slot is on every Loc-RIB set (300k of them in bench workload 2, 88 bytes each): two answers must not
        // cost more than one did.
        Assert.Equal(32, Unsafe.SizeOf<ExportMemoSlot>());
    }

    [Fact]
    public void Export_SameSetThreeMemos_TheThirdUsesItsDictionaryAndEachAnswersItsOwn()
    {
        var interner = new ExportInterner();
        var (memoA, memoB, memoC) = (new ExportMemo(), new ExportMemo(), new ExportMemo());
        var route = Route(RibTestKit.Attrs());
        Exporter(interner, memoA, SelfV4, 10).Export(FromEbgp(), Afi.Ipv4, route, out var fromA);
        Exporter(interner, memoB, OtherSelf, 12).Export(FromEbgp(), Afi.Ipv4, route, out var fromB);
        Exporter(interner, memoC, ThirdSelf, 14).Export(FromEbgp(), Afi.Ipv4, route, out var fromC);
        Assert.Equal(ThirdSelf, fromC!.NextHop);
        Assert.Equal((0, 0, 1), (memoA.DictionaryCount, memoB.DictionaryCount, memoC.DictionaryCount));

        // Each memo's second peer: its own answer, whether from a place or the dictionary.
        Exporter(interner, memoC, ThirdSelf, 15).Export(FromEbgp(), Afi.Ipv4, route, out var againC);
        Exporter(interner, memoA, SelfV4, 11).Export(FromEbgp(), Afi.Ipv4, route, out var againA);
        Exporter(interner, memoB, OtherSelf, 13).Export(FromEbgp(), Afi.Ipv4, route, out var againB);
        Assert.Same(fromA, againA);
        Assert.Same(fromB, againB);
        Assert.Same(fromC, againC);
        Assert.Equal([SelfV4, OtherSelf, ThirdSelf], new[] { againA!.NextHop, againB!.NextHop, againC!.NextHop });
        Assert.Equal(3, interner.Count);
    }

    [Fact]
    public void Clear_OneOfTwoMemosOnTheSet_InvalidatesOnlyItsAnswers()
    {
        var (_, memoA, memoB, a1, _, b1, b2) = TwoMemos();
        var route = Route(RibTestKit.Attrs());
        a1.Export(FromEbgp(), Afi.Ipv4, route, out _);
        b1.Export(FromEbgp(), Afi.Ipv4, route, out var fromB);
        Assert.Equal(0, memoB.DictionaryCount);
        memoA.Clear();
        Assert.False(memoA.TryGet(route, FromEbgp(), Afi.Ipv4, out _));
        Assert.True(memoB.TryGet(route, FromEbgp(), Afi.Ipv4, out var kept));
        Assert.Same(fromB, kept);
        // B's remembered last answer is still good too (only A's generation moved).
        b2.Export(FromEbgp(), Afi.Ipv4, route, out var againB);
        Assert.Same(fromB, againB);

        // And the other way round, with B's answer in the second place.
        memoB.Clear();
        Assert.False(memoB.TryGet(route, FromEbgp(), Afi.Ipv4, out _));
    }

    [Fact]
    public void Export_AnswersReleasedInEitherPlace_NeverHandedOutAgain()
    {
        var (interner, memoA, memoB, a1, a2, b1, b2) = TwoMemos();
        var route = Route(RibTestKit.Attrs());
        a1.Export(FromEbgp(), Afi.Ipv4, route, out var deadA);
        b1.Export(FromEbgp(), Afi.Ipv4, route, out var deadB);
        Assert.Equal(0, memoB.DictionaryCount);
        interner.Release(deadB!);
        Assert.False(memoB.TryGet(route, FromEbgp(), Afi.Ipv4, out _));
        b2.Export(FromEbgp(), Afi.Ipv4, route, out var freshB);
        Assert.NotSame(deadB, freshB);
        Assert.Equal(1, freshB!.ReferenceCount);
        interner.Release(deadA!);
        Assert.False(memoA.TryGet(route, FromEbgp(), Afi.Ipv4, out _));
        a2.Export(FromEbgp(), Afi.Ipv4, route, out var freshA);
        Assert.NotSame(deadA, freshA);
        Assert.Equal(1, freshA!.ReferenceCount);
        Assert.Equal((0, 0), (memoA.DictionaryCount, memoB.DictionaryCount));
    }

    [Fact]
    public void Export_ReleasedAnswerInTheFirstPlace_AThirdMemoTakesIt()
    {
        // A released answer frees its place for any memo: the third class needs no dictionary then.
        var (interner, _, _, a1, _, b1, _) = TwoMemos();
        var memoC = new ExportMemo();
        var route = Route(RibTestKit.Attrs());
        a1.Export(FromEbgp(), Afi.Ipv4, route, out var deadA);
        b1.Export(FromEbgp(), Afi.Ipv4, route, out _);
        interner.Release(deadA!);
        Exporter(interner, memoC, ThirdSelf, 14).Export(FromEbgp(), Afi.Ipv4, route, out var fromC);
        Assert.Equal(ThirdSelf, fromC!.NextHop);
        Assert.Equal(0, memoC.DictionaryCount);
        Assert.True(memoC.TryGet(route, FromEbgp(), Afi.Ipv4, out var kept));
        Assert.Same(fromC, kept);
    }

    [Fact]
    public void Export_SameSetFromAnotherSource_GoesToTheDictionaryAndEachSourceGetsItsOwn()
    {
        // Reflected to a client, the ORIGINATOR_ID is the source's BGP Identifier (RFC 4456 8): the two sources'
        // answers differ, and the places hold one source key's answers only.
        var interner = new ExportInterner();
        var (memoA, memoB) = (new ExportMemo(), new ExportMemo());
        var a = new PeerExporter(Speaker, Ibgp(id: 20, client: true) with { NextHop = NextHopMode.Self }, interner, memoA);
        var b = new PeerExporter(Speaker, Ibgp(id: 21, client: true) with { NextHop = NextHopMode.Self, LocalAddressV4 = OtherSelf }, interner, memoB);
        var route = Route(RibTestKit.Attrs());
        a.Export(FromClient(), Afi.Ipv4, route, out var clientA);
        b.Export(FromClient(), Afi.Ipv4, route, out var clientB);
        a.Export(FromNonClient(), Afi.Ipv4, route, out var nonClientA);
        Assert.Equal(RouterId.Parse("10.0.0.3"), clientA!.Attributes.OriginatorId);
        Assert.Equal(RouterId.Parse("10.0.0.2"), nonClientA!.Attributes.OriginatorId);
        Assert.Equal((1, 0), (memoA.DictionaryCount, memoB.DictionaryCount));

        Assert.True(memoA.TryGet(route, FromClient(), Afi.Ipv4, out var gotClientA));
        Assert.Same(clientA, gotClientA);
        Assert.True(memoA.TryGet(route, FromNonClient(), Afi.Ipv4, out var gotNonClientA));
        Assert.Same(nonClientA, gotNonClientA);
        Assert.False(memoB.TryGet(route, FromNonClient(), Afi.Ipv4, out _));
        Assert.False(memoA.TryGet(route, FromClient(), Afi.Ipv6, out _));

        // Once both client answers are released the places go to the other source key.
        interner.Release(clientA);
        interner.Release(clientB!);
        b.Export(FromNonClient(), Afi.Ipv4, route, out var nonClientB);
        Assert.Equal(OtherSelf, nonClientB!.NextHop);
        Assert.Equal(0, memoB.DictionaryCount);
        Assert.True(memoB.TryGet(route, FromNonClient(), Afi.Ipv4, out var gotNonClientB));
        Assert.Same(nonClientB, gotNonClientB);
        Assert.False(memoB.TryGet(route, FromClient(), Afi.Ipv4, out _));
    }

    [Fact]
    public void Clear_StampsOfOtherMemosTakenSince_NeverMakesTheirAnswersItsOwn()
    {
        // A's new stamp after Clear comes from the shared count, past B's: were it A's old stamp plus one (a
        // generation), it would be B's, and A would hand out B's answer (B's next hop) as its own.
        var stamps = new ExportMemoStamps();
        var interner = new ExportInterner();
        var memoA = new ExportMemo(stamps);
        var memoB = new ExportMemo(stamps);
        var route = Route(RibTestKit.Attrs());
        Exporter(interner, memoA, SelfV4, 10).Export(FromEbgp(), Afi.Ipv4, route, out var fromA);
        Exporter(interner, memoB, OtherSelf, 12).Export(FromEbgp(), Afi.Ipv4, route, out var fromB);
        memoA.Clear();
        Assert.False(memoA.TryGet(route, FromEbgp(), Afi.Ipv4, out _));
        Exporter(interner, memoA, SelfV4, 11).Export(FromEbgp(), Afi.Ipv4, route, out var againA);
        Assert.Same(fromA, againA);
        Assert.Equal(SelfV4, againA!.NextHop);

        // A memo made after a Clear does not take the cleared stamp either.
        var memoC = new ExportMemo(stamps);
        Assert.False(memoC.TryGet(route, FromEbgp(), Afi.Ipv4, out _));
        Assert.True(memoB.TryGet(route, FromEbgp(), Afi.Ipv4, out var keptB));
        Assert.Same(fromB, keptB);
    }

    [Fact]
    public void Export_StampsRunOut_MemoKeepsNothingOnTheSetAndAnswersFromItsDictionary()
    {
        // The last stamp of the count, then none: a memo without a stamp must neither read a place (a never-written
        // place has stamp 0 too) nor write one (its answer would look like a never-written place's), and answers
        // from its dictionary, including for a set no memo wrote.
        var stamps = new ExportMemoStamps(last: uint.MaxValue - 1);
        var interner = new ExportInterner();
        var memoA = new ExportMemo(stamps);
        Assert.NotEqual(ExportMemoStamps.None, memoA.Stamp);
        var route = Route(RibTestKit.Attrs());
        Exporter(interner, memoA, SelfV4, 10).Export(FromEbgp(), Afi.Ipv4, route, out var fromA);
        memoA.Clear();
        Assert.Equal(ExportMemoStamps.None, memoA.Stamp);
        Assert.False(memoA.TryGet(route, FromEbgp(), Afi.Ipv4, out _));

        var memoB = new ExportMemo(stamps);
        Assert.Equal(ExportMemoStamps.None, memoB.Stamp);
        var fresh = Route(RibTestKit.Attrs(RibTestKit.Path(65001, 7)));
        var b1 = Exporter(interner, memoB, OtherSelf, 12);
        b1.Export(FromEbgp(), Afi.Ipv4, fresh, out var freshB);
        b1.Export(FromEbgp(), Afi.Ipv4, route, out var fromB);
        Assert.Equal(OtherSelf, fromB!.NextHop);
        Assert.Null(fresh.ExportAnswer.First);
        Assert.Equal(2, memoB.DictionaryCount);
        Assert.True(memoB.TryGet(fresh, FromEbgp(), Afi.Ipv4, out var keptFresh));
        Assert.Same(freshB, keptFresh);
        Assert.True(memoB.TryGet(route, FromEbgp(), Afi.Ipv4, out var keptB));
        Assert.Same(fromB, keptB);

        // A stampless memo's later Clear still invalidates its exporters' last answers (the generation, not the stamp).
        int generation = memoB.Generation;
        memoB.Clear();
        Assert.NotEqual(generation, memoB.Generation);
        Assert.False(memoB.TryGet(route, FromEbgp(), Afi.Ipv4, out _));
        Assert.NotNull(fromA);
    }

    [Fact]
    public void Set_ThirdMemoUnderSetChurn_ItsDictionaryIsEmptiedAndTheFirstTwoNeedNone()
    {
        // Loc-RIB sets come and go (each answer released after use): the third memo's dictionary keeps the dead
        // entries until it holds four times the live exported sets plus 1,024, then is emptied; the first two
        // classes never use theirs.
        var interner = new ExportInterner();
        var (memoA, memoB, memoC) = (new ExportMemo(), new ExportMemo(), new ExportMemo());
        var a = Exporter(interner, memoA, SelfV4, 10);
        var b = Exporter(interner, memoB, OtherSelf, 12);
        var c = Exporter(interner, memoC, ThirdSelf, 14);
        int peak = 0;
        RouteAttributes? last = null;
        ExportedRoute? lastC = null;
        for (uint i = 0; i < 1100; i++)
        {
            var route = Route(RibTestKit.Attrs(RibTestKit.Path(65001, 1000 + i)));
            a.Export(FromEbgp(), Afi.Ipv4, route, out var fromA);
            b.Export(FromEbgp(), Afi.Ipv4, route, out var fromB);
            c.Export(FromEbgp(), Afi.Ipv4, route, out var fromC);
            Assert.Equal(ThirdSelf, fromC!.NextHop);
            peak = Math.Max(peak, memoC.DictionaryCount);
            (last, lastC) = (route, fromC);
            if (i == 1099) break;
            interner.Release(fromA!);
            interner.Release(fromB!);
            interner.Release(fromC);
        }
        // Three exported sets live at each Set: emptied at 4 * 3 + 1,024 entries.
        Assert.Equal(4 * 3 + 1024, peak);
        Assert.Equal(1100 - (4 * 3 + 1024), memoC.DictionaryCount);
        Assert.Equal(1, memoC.Generation);
        Assert.Equal((0, 0), (memoA.DictionaryCount, memoB.DictionaryCount));
        Assert.True(memoC.TryGet(last!, FromEbgp(), Afi.Ipv4, out var kept));
        Assert.Same(lastC, kept);
    }
}

using System.Buffers;
using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Messages;
using Bgp.Rib.Export;
using static Bgp.Rib.Tests.Export.ExportKit;

namespace Bgp.Rib.Tests.Export;

public class AdjRibOutTests
{
    private static readonly CodecOptions Options = CodecOptions.FourOctet;
    private static readonly Nlri N = new(Prefix.Parse("10.1.0.0/16"));

    private readonly ExportInterner _interner = new();

    /// <summary>The interner every test's sets come from.</summary>
    protected ExportInterner Interner => _interner;

    /// <summary>The Adj-RIB-Out under test: here with the sent map only; see AdjRibOutOverLocRibTests.</summary>
    protected virtual AdjRibOut NewRib() => new(_interner);

    protected ExportedRoute Set(uint localPref, Afi afi = Afi.Ipv4) => afi == Afi.Ipv4
        ? _interner.Intern(afi, new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.Empty, NextHop = SelfV4, LocalPref = localPref }, SelfV4)
        : _interner.Intern(afi, new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.Empty, LocalPref = localPref }, SelfV6, SelfLinkLocal);

    /// <summary>
    /// While routes stream in, the pending map fills and drains at every write; it keeps its storage through a
    /// drain (rebuilding it each time was 96 MB of a full-table ingest's allocations) and gives it back only
    /// when the RIB is idle, so a whole initial table's worth does not stay for the session.
    /// </summary>
    [Fact]
    public void WritePending_DrainedBurst_KeepsPendingStorageUntilTrimIdle()
    {
        var rib = NewRib();
        var set = Set(1);
        const int Routes = 10_000;
        for (int i = 0; i < Routes; i++)
        {
            if (i > 0) Interner.AddReference(set);
            rib.Announce(new Nlri(Prefix.V4(0x0A000000u + ((uint)i << 8), 24)), set);
        }
        Drain(rib, Options);
        Assert.Equal(0, rib.PendingCount);
        Assert.True(rib.PendingCapacity >= Routes, $"the drained pending map kept {rib.PendingCapacity} entries");

        rib.TrimIdle();
        Assert.True(rib.PendingCapacity <= 64, $"after TrimIdle the pending map holds {rib.PendingCapacity} entries");
        Assert.Equal(Routes, rib.SentCount);
    }

    /// <summary>
    /// The group table, write queue and spare groups grow with the distinct sets of a burst; TrimIdle gives that
    /// back too (workload 5: 1.2 kB per session kept otherwise).
    /// </summary>
    [Fact]
    public void TrimIdle_DrainedBurstOfManySets_GivesBackGroupStorage()
    {
        var rib = NewRib();
        const int Sets = 200;
        for (int i = 0; i < Sets; i++) rib.Announce(new Nlri(Prefix.V4(0x0A000000u + ((uint)i << 8), 24)), Set((uint)i + 1));
        Drain(rib, Options);
        Assert.Equal(0, rib.PendingCount);
        Assert.True(rib.GroupStorageCapacity >= Sets, $"the drained group table, queue and spares kept {rib.GroupStorageCapacity} entries");

        rib.TrimIdle();
        Assert.True(rib.GroupStorageCapacity <= 8, $"after TrimIdle the group table, queue and spares hold {rib.GroupStorageCapacity} entries");
        Assert.Equal(Sets, rib.SentCount);

        // Still works after the trim.
        rib.Announce(new Nlri(Prefix.V4(0x0B000000u, 24)), Set(1));
        Assert.Single(Drain(rib, Options));
        Assert.Equal(Sets + 1, rib.SentCount);
    }

    [Fact]
    public void AnnounceAnnounceWithdraw_NeverSent_SendsNothing()
    {
        var rib = NewRib();
        rib.Announce(N, Set(1));
        rib.Announce(N, Set(2));
        rib.Withdraw(N);
        Assert.Empty(Drain(rib, Options));
        Assert.Equal(0, _interner.Count);
    }

    [Fact]
    public void AnnounceAnnounceWithdraw_PreviouslySent_SendsOneWithdrawOnly()
    {
        var rib = NewRib();
        rib.Announce(N, Set(1));
        Drain(rib, Options);
        rib.Announce(N, Set(2));
        rib.Announce(N, Set(3));
        rib.Withdraw(N);
        var update = Assert.Single(Drain(rib, Options));
        Assert.Equal([N], update.Withdrawn.ToArray());
        Assert.Empty(update.Nlri);
        Assert.Equal(0, rib.SentCount);
        Assert.Equal(0, _interner.Count);
    }

    [Fact]
    public void TenChanges_WhilePeerSlow_SentOnceWithTheLast()
    {
        var rib = NewRib();
        for (uint i = 1; i <= 10; i++) rib.Announce(N, Set(i));
        var update = Assert.Single(Drain(rib, Options));
        Assert.Equal(10u, update.Attributes.LocalPref);
        Assert.Equal([N], update.Nlri.ToArray());
    }

    [Fact]
    public void Announce_SameAsSent_NotResent()
    {
        var rib = NewRib();
        rib.Announce(N, Set(1));
        Drain(rib, Options);
        rib.Announce(N, Set(1));
        Assert.False(rib.HasPending);
        // ... and a change that comes back before it was sent cancels itself.
        rib.Announce(N, Set(2));
        rib.Announce(N, Set(1));
        Assert.Empty(Drain(rib, Options));
        Assert.Equal(1, _interner.Count);
    }

    [Fact]
    public void ResendAll_AfterRouteRefresh_SendsEverythingAgainEvenIfReannouncedUnchanged()
    {
        // RFC 2918 3: on a ROUTE-REFRESH the speaker re-advertises its Adj-RIB-Out.
        var rib = NewRib();
        rib.Announce(N, Set(1));
        Drain(rib, Options);
        rib.ResendAll();
        rib.Announce(N, Set(1));
        var update = Assert.Single(Drain(rib, Options));
        Assert.Equal([N], update.Nlri.ToArray());
    }

    [Fact]
    public void ResendAll_WhileAChangeIsPending_ResendsTheRouteEvenIfItComesBackUnchanged()
    {
        // RFC 2918 3: a route pending when the refresh comes is part of what must be re-advertised too; coming
        // back to what the peer had before the write must not cancel it (the peer may lack it: a new import policy).
        var rib = NewRib();
        rib.Announce(N, Set(1));
        Drain(rib, Options);
        rib.Announce(N, Set(2));
        rib.ResendAll();
        rib.Announce(N, Set(1));
        var update = Assert.Single(Drain(rib, Options));
        Assert.Equal([N], update.Nlri.ToArray());
        Assert.Equal(1u, update.Attributes.LocalPref);
    }

    [Fact]
    public void ResendAll_ThenWithdrawnAndReannouncedUnchanged_ResendsTheRoute()
    {
        var rib = NewRib();
        rib.Announce(N, Set(1));
        Drain(rib, Options);
        rib.ResendAll();
        // The withdrawal is not written before the route comes back: the refresh still owes the peer the route.
        rib.Withdraw(N);
        rib.Announce(N, Set(1));
        var update = Assert.Single(Drain(rib, Options));
        Assert.Equal([N], update.Nlri.ToArray());
        Assert.Empty(update.Withdrawn.ToArray());
    }

    [Fact]
    public void TenThousandPrefixesOverThreeSets_MinimumUpdates_EachDecodes_UnionEqualsInput()
    {
        var rib = NewRib();
        ExportedRoute[] sets = [Set(100), Set(200), Set(300)];
        var expected = new Dictionary<Nlri, uint>();
        for (int i = 0; i < 10_000; i++)
        {
            var nlri = new Nlri(Prefix.V4(0x0A000000u + ((uint)i << 8), 24));
            var set = sets[i % 3];
            _interner.AddReference(set);
            rib.Announce(nlri, set);
            expected[nlri] = set.Attributes.LocalPref!.Value;
        }
        var updates = Drain(rib, Options);

        // Each /24 takes 4 octets; a message holds (4096 - header 19 - lengths 4 - attributes) / 4 of them.
        int attributeLength = 4 + 3 + 7 + 7; // ORIGIN, empty AS_PATH, NEXT_HOP, LOCAL_PREF
        int perMessage = (4096 - 19 - 4 - attributeLength) / 4;
        int minimum = 0;
        for (int s = 0; s < 3; s++) minimum += (int)Math.Ceiling(expected.Values.Count(v => v == sets[s].Attributes.LocalPref) / (double)perMessage);
        Assert.Equal(minimum, updates.Count);

        var seen = new Dictionary<Nlri, uint>();
        foreach (var u in updates)
            foreach (var n in u.Nlri)
                Assert.True(seen.TryAdd(n, u.Attributes.LocalPref!.Value), $"{n} sent twice");
        Assert.Equal(expected.OrderBy(p => p.Key.Prefix), seen.OrderBy(p => p.Key.Prefix));
        Assert.Equal(10_000, rib.SentCount);
    }

    [Fact]
    public void WritePending_SmallBudget_StopsAtWholeMessagesAndResumes()
    {
        var rib = NewRib();
        var set = Set(1);
        for (int i = 0; i < 3000; i++)
        {
            _interner.AddReference(set);
            rib.Announce(new Nlri(Prefix.V4(0x0B000000u + ((uint)i << 8), 24)), set);
        }
        _interner.Release(set);
        var output = new ArrayBufferWriter<byte>();
        int calls = 0;
        bool more;
        do
        {
            int before = output.WrittenCount;
            more = rib.WritePending(output, 5000, Options, out int written);
            Assert.InRange(written, 1, 5000);
            Assert.Equal(output.WrittenCount - before, written);
            calls++;
        }
        while (more);
        var updates = DecodeAll(output.WrittenSpan, Options);
        Assert.Equal(3000, updates.Sum(u => u.Nlri.Length));
        // One full message per 5000-octet budget: the budget never cuts a message short.
        Assert.Equal(3, updates.Count);
        Assert.Equal(3, calls);
    }

    [Fact]
    public void EndOfRib_AfterInitialTable_ComesLastPerFamily()
    {
        // RFC 4724 2: the End-of-RIB marker follows the initial routing update for each family.
        var rib = NewRib();
        rib.Announce(N, Set(1));
        rib.Announce(new Nlri(Prefix.Parse("2001:db8:1::/48")), Set(1, Afi.Ipv6));
        rib.RequestEndOfRib(AfiSafi.Ipv4Unicast);
        rib.RequestEndOfRib(AfiSafi.Ipv6Unicast);
        var updates = Drain(rib, Options);
        Assert.Equal(4, updates.Count);
        Assert.Equal(AfiSafi.Ipv4Unicast, updates[2].EndOfRib);
        Assert.Equal(AfiSafi.Ipv6Unicast, updates[3].EndOfRib);
        Assert.Null(updates[0].EndOfRib);
        Assert.Null(updates[1].EndOfRib);
        Assert.False(rib.HasPending);
        rib.Announce(new Nlri(Prefix.Parse("10.9.0.0/16")), Set(1));
        Assert.DoesNotContain(Drain(rib, Options), u => u.EndOfRib is not null);
    }

    [Fact]
    public void EndOfRib_EmptyTable_SentAlone()
    {
        var rib = NewRib();
        rib.RequestEndOfRib(AfiSafi.Ipv6Unicast);
        var update = Assert.Single(Drain(rib, Options));
        Assert.Equal(AfiSafi.Ipv6Unicast, update.EndOfRib);
    }

    [Fact]
    public void Ipv6_AnnounceAndWithdraw_UseMpReachWithGlobalAndLinkLocalThenMpUnreach()
    {
        // RFC 4760 3 and 4; RFC 2545 3: a 32-octet next hop holds the global then the link-local address.
        var rib = NewRib();
        var n6 = new Nlri(Prefix.Parse("2001:db8:7::/48"));
        rib.Announce(n6, Set(5, Afi.Ipv6));
        var announce = Assert.Single(Drain(rib, Options));
        Assert.Equal(SelfV6, announce.MpReach!.NextHop);
        Assert.Equal(SelfLinkLocal, announce.MpReach.LinkLocalNextHop);
        Assert.Equal([n6], announce.MpReach.Nlri.ToArray());
        Assert.Null(announce.Attributes.NextHop);
        rib.Withdraw(n6);
        var withdraw = Assert.Single(Drain(rib, Options));
        Assert.Equal([n6], withdraw.MpUnreach!.Withdrawn.ToArray());
    }

    [Fact]
    public void AddPathSend_TwoPathsOfOnePrefix_KeptApartAndWithdrawnByPathId()
    {
        // RFC 7911 3: with ADD-PATH send, each path is its own route, named by its path identifier.
        var options = Options with { AddPathSend = [AfiSafi.Ipv4Unicast] };
        var rib = NewRib();
        rib.Announce(new Nlri(N.Prefix, 1), Set(1));
        rib.Announce(new Nlri(N.Prefix, 2), Set(2));
        var updates = Drain(rib, options);
        Assert.Equal(2, updates.Count);
        Assert.Equal([new Nlri(N.Prefix, 1), new Nlri(N.Prefix, 2)], updates.SelectMany(u => u.Nlri).OrderBy(n => n.PathId));
        rib.Withdraw(new Nlri(N.Prefix, 1));
        var withdraw = Assert.Single(Drain(rib, options));
        Assert.Equal([new Nlri(N.Prefix, 1)], withdraw.Withdrawn.ToArray());
        Assert.Equal(1, rib.SentCount);
    }

    [Fact]
    public void Clear_SessionDown_GivesEveryReferenceBack()
    {
        var rib = NewRib();
        rib.Announce(N, Set(1));
        Drain(rib, Options);
        rib.Announce(new Nlri(Prefix.Parse("10.2.0.0/16")), Set(2));
        rib.Clear();
        Assert.Equal(0, _interner.Count);
        Assert.False(rib.HasPending);
    }
}

using System.Buffers;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Export;
using static Bgp.Rib.Tests.Export.ExportKit;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests.Export;

/// <summary>
/// Routes pending by Loc-RIB destination index (AdjRibOut.Pending.cs): what lazy deletion must get right.
/// Each Adj-RIB-Out here is dense from its first route (told the table size, as the engine's PeerUp does).
/// </summary>
public sealed class DensePendingTests
{
    private static readonly CodecOptions Options = CodecOptions.FourOctet;
    private static readonly Nlri N = new(Prefix.Parse("10.1.0.0/16"));

    private readonly ExportInterner _interner = new();
    private readonly Rib _rib = SelfPopulatingLocRib.NewRib();

    private ExportedRoute Set(uint localPref) =>
        _interner.Intern(Afi.Ipv4, new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.Empty, NextHop = SelfV4, LocalPref = localPref }, SelfV4);

    /// <summary>An Adj-RIB-Out over <see cref="_rib"/> holding <paramref name="routes"/>, dense from the start.</summary>
    private AdjRibOut DenseRib(params Nlri[] routes)
    {
        foreach (var nlri in routes) _rib.Announce(SelfPopulatingLocRib.SourcePeer, nlri, Attrs(nextHop: "192.0.2.1"));
        var adj = new AdjRibOut(_interner, _rib.Ipv4, _rib.Ipv6) { DenseMinimum = 0 };
        adj.EnsureCapacity(AfiSafi.Ipv4Unicast, Math.Max(1, routes.Length));
        return adj;
    }

    private static Nlri Route(int i) => new(Prefix.V4(0x0A000000u + ((uint)i << 8), 24));

    [Fact]
    public void Announce_RependedToBThenBackToA_SendsAOnce()
    {
        var adj = DenseRib(N);
        adj.Announce(N, Set(1));
        adj.Announce(N, Set(2));
        adj.Announce(N, Set(1));
        Assert.Equal(1, adj.DensePendingCount);
        Assert.Equal(1, adj.PendingCount);
        var update = Assert.Single(Drain(adj, Options));
        // Two entries of N sit in set 1's group: only the first may go.
        Assert.Equal([N], update.Nlri.ToArray());
        Assert.Equal(1u, update.Attributes.LocalPref);
        Assert.Equal(0, adj.DenseEntryCount);
        Assert.Equal(1, _interner.Count);
        Assert.True(adj.TryGetSent(N, out var sent) && sent.Attributes.LocalPref == 1);
    }

    [Fact]
    public void Announce_CancelledThenRependedToAnotherSet_NeverSendsTheCancelledSet()
    {
        var other = Route(1);
        var adj = DenseRib(N, other);
        adj.Announce(N, Set(1));
        Drain(adj, Options);
        // Another route keeps something pending throughout (with nothing pending, every stale entry goes at once).
        adj.Announce(other, Set(2));
        adj.Announce(N, Set(2));
        adj.Announce(N, Set(1));   // equal to what was sent: cancels set 2's entry of N, which stays behind, stale
        adj.Announce(N, Set(3));   // set 2's group is written too, and its stale N must be skipped
        var updates = Drain(adj, Options);
        Assert.Equal(2, updates.Count);
        foreach (var update in updates)
        {
            var nlri = Assert.Single(update.Nlri);
            Assert.Equal(nlri == N ? 3u : 2u, update.Attributes.LocalPref);
        }
        Assert.True(adj.TryGetSent(N, out var sent) && sent.Attributes.LocalPref == 3);
        Assert.Equal(0, adj.DenseEntryCount);
        Assert.Equal(2, _interner.Count);
    }

    [Fact]
    public void Withdraw_PendingAnnouncementWhoseLastPathLeftLocRib_SendsNothingAndFreesDestination()
    {
        var adj = DenseRib(N);
        adj.Announce(N, Set(1));
        int d = _rib.Ipv4.FindDestinationIndex(N.Prefix);
        Assert.Equal(1, _rib.Ipv4.HoldsOn(d));
        // The engine takes the prefix out of the Loc-RIB first: the pending hold keeps its index.
        _rib.Withdraw(SelfPopulatingLocRib.SourcePeer, N);
        Assert.Equal(0, _rib.Ipv4.PrefixCount);
        Assert.Equal(1, _rib.Ipv4.IndexedDestinations);

        adj.Withdraw(N);
        Assert.False(adj.HasPending);
        Assert.Empty(Drain(adj, Options));
        Assert.Equal(0, _rib.Ipv4.IndexedDestinations);
        Assert.Equal(-1, _rib.Ipv4.FindDestinationIndex(N.Prefix));
        Assert.Equal(0, adj.SentCount);
        Assert.Equal(0, _interner.Count);
    }

    [Fact]
    public void Announce_OnePrefixFlaps100kTimesUnwritten_GroupStorageStaysBounded()
    {
        var adj = DenseRib(N);
        var sets = new[] { Set(1), Set(2), Set(3) };
        adj.Announce(N, sets[0]);
        Drain(adj, Options);
        int maxEntries = 0;
        for (int i = 0; i < 100_000; i++)
        {
            // Never back to set 1 (what the peer has): N stays pending throughout, so only compaction drops entries.
            int what = i % 3;
            if (what == 2) adj.Withdraw(N);
            else
            {
                _interner.AddReference(sets[what + 1]);
                adj.Announce(N, sets[what + 1]);
            }
            maxEntries = Math.Max(maxEntries, adj.DenseEntryCount);
        }
        Assert.InRange(maxEntries, 1, AdjRibOut.CompactionSlack + 2);
        Assert.Equal(1, adj.PendingCount);
        // The last change (i = 99,999) announced set 2.
        var update = Assert.Single(Drain(adj, Options));
        Assert.Equal([N], update.Nlri.ToArray());
        Assert.Equal(2u, update.Attributes.LocalPref);
        Assert.Equal(0, adj.DenseEntryCount);
        // Sets 2 and 3 are held by the test (set 2 by the slot too): every flap's reference came back.
        Assert.Equal(2, _interner.Count);
        _interner.Release(sets[1]);
        _interner.Release(sets[2]);
        adj.Clear();
        Assert.Equal(0, _interner.Count);
        Assert.Equal(0, _rib.Ipv4.HoldsOn(_rib.Ipv4.FindDestinationIndex(N.Prefix)));
    }

    [Fact]
    public void RequestEndOfRib_WithRoutesPendingByIndex_ComesAfterTheLastOfThem()
    {
        const int Count = 3000;
        var routes = new Nlri[Count];
        for (int i = 0; i < Count; i++) routes[i] = Route(i);
        var adj = DenseRib(routes);
        var set = Set(1);
        for (int i = 0; i < Count; i++)
        {
            if (i > 0) _interner.AddReference(set);
            adj.Announce(routes[i], set);
        }
        Assert.Equal(Count, adj.DensePendingCount);
        adj.RequestEndOfRib(AfiSafi.Ipv4Unicast);
        var output = new ArrayBufferWriter<byte>();
        var updates = new List<Bgp.Protocol.Messages.UpdateMessage>();
        bool more = true;
        // Bounded: a route that never goes would keep the Adj-RIB-Out pending for ever.
        for (int calls = 0; more && calls < 100; calls++)
        {
            output.ResetWrittenCount();
            more = adj.WritePending(output, 4096, Options, out _);
            updates.AddRange(DecodeAll(output.WrittenSpan, Options));
        }
        Assert.False(more);
        Assert.True(updates.Count > 2);
        Assert.Equal(AfiSafi.Ipv4Unicast, updates[^1].EndOfRib);
        Assert.Equal(Count, updates.Take(updates.Count - 1).Sum(u => u.Nlri.Length));
        Assert.All(updates.Take(updates.Count - 1), u => Assert.Null(u.EndOfRib));
        Assert.Equal(Count, adj.SlotSentCount);
    }

    [Fact]
    public void WritePending_DrainedBigGroup_SpareKeepsOnlySmallStorage()
    {
        var routes = Enumerable.Range(0, 2000).Select(Route).ToArray();
        var adj = DenseRib(routes);
        var set = Set(1);
        foreach (var nlri in routes)
        {
            _interner.AddReference(set);
            adj.Announce(nlri, set);
        }
        _interner.Release(set);
        Drain(adj, Options);
        Assert.Equal(0, adj.PendingCount);
        // The drained group became a spare: it may keep room for a small set, and the lists it outgrew up to a
        // customer cone's (one per size, AdjRibOut.MaxDenseList: less than twice the largest), not the 2,000 routes' arrays.
        Assert.InRange(adj.SpareStorageBytes, 0, PendingGroup.SpareLength * sizeof(ulong) + 2 * AdjRibOut.MaxDenseList * sizeof(int));
    }
}

using System.Buffers;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Export;
using static Bgp.Rib.Tests.Export.ExportKit;

namespace Bgp.Rib.Tests.Export;

/// <summary>
/// The drained pending groups each Adj-RIB-Out keeps for its own next sets (AdjRibOut.Spares.cs) before the
/// interner's shared pool, and the last group GroupFor answered.
/// </summary>
public class AdjRibOutSparesTests
{
    private const int RoutesPerSet = 3;
    private static readonly CodecOptions Options = CodecOptions.FourOctet;

    private readonly ExportInterner _interner = new();
    private readonly ArrayBufferWriter<byte> _output = new(1 << 20);

    [Fact]
    public void WritePending_TurnsOnMorePeersThanTheSharedPoolServes_ReuseEachPeersGroupsWithoutAllocating()
    {
        // A route reflector: each change goes to 20 clients, then each client drains a turn of 200 sets: 4,000
        // groups pending at once, far more than the shared pool's 256 KiB keeps; each client's own spares serve
        // its next turn.
        var ribs = new AdjRibOut[20];
        for (int p = 0; p < ribs.Length; p++) ribs[p] = new AdjRibOut(_interner);
        var first = NewSets(1, 200);
        var second = NewSets(2, 200);
        Turn(ribs, first);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Turn(ribs, second);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        foreach (var rib in ribs) Assert.Equal(200 * RoutesPerSet, rib.SentCount);
    }

    [Fact]
    public void WritePending_MoreDrainedGroupsThanTheBound_KeepsAtMostMaxSpareBytesAndPoolsTheRest()
    {
        var rib = new AdjRibOut(_interner);
        Turn(rib, NewSets(1, 1000));
        Assert.InRange(rib.SpareBytes, AdjRibOut.MaxSpareBytes / 2, AdjRibOut.MaxSpareBytes);
        Assert.True(rib.SpareCount < 1000);
        Assert.True(_interner.SpareGroups.Count > 0);
    }

    [Fact]
    public void WritePending_ManyPeersDraining_KeepAtMostTheInternersBoundOfSparesInAll()
    {
        // 70 peers each draining more than their own bound: together they may keep no more than the interner's.
        var ribs = new AdjRibOut[70];
        var sets = NewSets(1, 400);
        for (int p = 0; p < ribs.Length; p++)
        {
            ribs[p] = new AdjRibOut(_interner);
            Turn(ribs[p], sets);
        }
        long sum = ribs.Sum(r => (long)r.SpareBytes);
        Assert.Equal(sum, _interner.SpareGroups.PeerSpareBytes);
        Assert.InRange(sum, PendingGroupPool.MaxPeerSpareBytes - AdjRibOut.MaxSpareBytes, PendingGroupPool.MaxPeerSpareBytes);
        foreach (var rib in ribs) rib.Clear();
        Assert.Equal(0, _interner.SpareGroups.PeerSpareBytes);
    }

    [Fact]
    public void TrimIdle_GroupsTakenSinceTheLastTrim_KeepsTheSparesUntilAQuietInterval()
    {
        var rib = new AdjRibOut(_interner);
        Turn(rib, NewSets(1, 50));
        Assert.Equal(50, rib.SpareCount);
        Assert.True(rib.TrimIdle());
        Assert.Equal(50, rib.SpareCount);
        Assert.False(rib.TrimIdle());
        Assert.Equal(0, rib.SpareCount);
        Assert.Equal(0, rib.SpareBytes);
    }

    [Fact]
    public void Announce_SetWhoseDrainedGroupAnotherPeerNowUses_PendsInAGroupOfItsOwn()
    {
        // Peer a's spares are full, so its last drained group (that of the set it announced last) goes to the
        // shared pool, and peer b takes it for the same set: a's next change of that set must not land there.
        var a = new AdjRibOut(_interner);
        var b = new AdjRibOut(_interner);
        var sets = NewSets(1, 600);
        Turn(a, sets);
        Assert.True(a.SpareCount > 0 && _interner.SpareGroups.Count > 0, "the spares are not full");
        var last = sets[^1];
        _interner.AddReference(last);
        b.Announce(new Nlri(Prefix.Parse("192.0.2.0/24")), last);
        _interner.AddReference(last);
        a.Announce(new Nlri(Prefix.Parse("198.51.100.0/24")), last);

        Assert.True(Drain(a), "peer a's change was never written");
        Assert.True(Drain(b), "peer b's change was never written");
        Assert.Equal(600 * RoutesPerSet + 1, a.SentCount);
        Assert.Equal(1, b.SentCount);
    }

    [Fact]
    public void Announce_TurnsOfSetsOfManySizes_ReuseTheDenseListsWithoutAllocating()
    {
        // Sets of 1 to 300 routes pending by destination index: a group taken from the spares rarely has a list of
        // the right size, so the lists go apart by size and a growing group takes the next size from there.
        int[] sizes = [1, 40, 300, 5, 120, 33, 2, 250, 64, 9];
        int total = sizes.Sum();
        var rib = SelfPopulatingLocRib.NewRib();
        var routes = Enumerable.Range(0, total).Select(i => new Nlri(Prefix.V4(0x0A000000u + ((uint)i << 8), 24))).ToArray();
        foreach (var nlri in routes) rib.Announce(SelfPopulatingLocRib.SourcePeer, nlri, RibTestKit.Attrs(nextHop: "192.0.2.1"));
        var adj = new AdjRibOut(_interner, rib.Ipv4, rib.Ipv6) { DenseMinimum = 0 };
        adj.EnsureCapacity(AfiSafi.Ipv4Unicast, total);
        var reversed = sizes.Reverse().ToArray();
        var sets = Enumerable.Range(1, 4).Select(turn => NewSets((uint)turn, sizes.Length)).ToArray();
        // The same sizes in another order at every other turn, so that no group comes back with the list it had.
        // The first two turns size the spare stacks.
        DenseTurn(adj, routes, sizes, sets[0]);
        DenseTurn(adj, routes, reversed, sets[1]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        DenseTurn(adj, routes, sizes, sets[2]);
        DenseTurn(adj, routes, reversed, sets[3]);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(total, adj.SlotSentCount);
        Assert.Equal(0, adj.PendingCount);
    }

    private void DenseTurn(AdjRibOut adj, Nlri[] routes, int[] sizes, ExportedRoute[] sets)
    {
        int next = 0;
        for (int s = 0; s < sizes.Length; s++)
        {
            for (int i = 0; i < sizes[s]; i++)
            {
                _interner.AddReference(sets[s]);
                adj.Announce(routes[next++], sets[s]);
            }
        }
        Assert.True(Drain(adj));
    }

    private ExportedRoute[] NewSets(uint turn, int count)
    {
        var sets = new ExportedRoute[count];
        for (int i = 0; i < sets.Length; i++)
        {
            // The reference taken here is kept, so that a set outlives the routes that move on to the next turn's.
            sets[i] = _interner.Intern(Afi.Ipv4,
                new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(65000, turn, (uint)i), NextHop = SelfV4 }, SelfV4);
        }
        return sets;
    }

    private void Turn(AdjRibOut rib, ExportedRoute[] sets) => Turn([rib], sets);

    /// <summary>
    /// Every set announced for its routes (the same prefixes every turn), each change to every peer in turn as
    /// the engine does, then everything written, peer by peer.
    /// </summary>
    private void Turn(AdjRibOut[] ribs, ExportedRoute[] sets)
    {
        for (int i = 0; i < sets.Length; i++)
        {
            for (int r = 0; r < RoutesPerSet; r++)
            {
                var nlri = new Nlri(Prefix.V4(0x0A000000u + ((uint)(i * RoutesPerSet + r) << 8), 24));
                foreach (var rib in ribs)
                {
                    _interner.AddReference(sets[i]);
                    rib.Announce(nlri, sets[i]);
                }
            }
        }
        foreach (var rib in ribs) Assert.True(Drain(rib));
    }

    /// <summary>Writes until nothing is pending; false when writing stops making progress with changes left.</summary>
    private bool Drain(AdjRibOut rib)
    {
        for (int calls = 0; calls < 1000; calls++)
        {
            _output.ResetWrittenCount();
            if (!rib.WritePending(_output, 1 << 20, Options, out int written)) return true;
            if (written == 0) return false;
        }
        return false;
    }
}

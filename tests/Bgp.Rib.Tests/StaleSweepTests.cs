using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests;

/// <summary>
/// Sweeping stale paths (RFC 4724 4.2) by the per-peer count (LocRib.Stale.cs): no walk when nothing is stale,
/// a walk that ends at the last stale path, and a count that follows marks, refreshes and removals exactly.
/// </summary>
public sealed class StaleSweepTests
{
    private const int Routes = 1000;

    /// <summary>10.(i / 256).(i % 256).0/24 for i &lt; 65,536.</summary>
    private static Prefix PrefixAt(int i) => Prefix.V4(0x0a000000u | ((uint)i << 8), 24);

    /// <summary>Peer 1 announced <see cref="Routes"/> prefixes, 0 first (so 0 is at the tail of its list), peer 2 the first ten too.</summary>
    private static Rib Loaded(PathAttributes attributes)
    {
        var rib = RibWithPeers(2);
        for (int i = 0; i < Routes; i++) rib.Announce(1, new Nlri(PrefixAt(i)), attributes);
        for (int i = 0; i < 10; i++) rib.Announce(2, new Nlri(PrefixAt(i)), Attrs(Path(65002, 65100, 65101)));
        return rib;
    }

    [Fact]
    public void SweepStale_NothingMarked_ReturnsZeroLooksAtNoPathAndChangesNothing()
    {
        var rib = Loaded(Attrs(Path(65001, 65100)));
        var changes = new List<RibChange>();

        Assert.Equal(0, rib.Ipv4.SweepStale(1, changes));

        Assert.Empty(changes);
        Assert.Equal(0, rib.Ipv4.SweepVisits);
        Assert.Equal(Routes + 10, rib.Ipv4.PathCount);
        Assert.Equal(Routes, rib.AdjRibIn(1, Afi.Ipv4).Count);
        Assert.True(rib.TryGetBest(PrefixAt(0), out var best));
        Assert.Equal(1, best.PeerId);
    }

    [Fact]
    public void SweepStale_AfterPartialRefresh_RemovesExactlyTheUnrefreshed()
    {
        var attributes = Attrs(Path(65001, 65100));
        var other = Attrs(Path(65001, 65200));
        var rib = Loaded(attributes);
        Assert.Equal(Routes, rib.Ipv4.MarkStale(1));
        // Every seventh prefix is not announced again; the others are, half with the same attributes
        // (the repeat that only clears the mark) and half with others (a replacement).
        var unrefreshed = new HashSet<Prefix>();
        for (int i = 0; i < Routes; i++)
        {
            if (i % 7 == 0) unrefreshed.Add(PrefixAt(i));
            else rib.Announce(1, new Nlri(PrefixAt(i)), i % 2 == 0 ? attributes : other);
        }
        Assert.Equal(unrefreshed.Count, rib.Ipv4.StalePathCount(1));
        var changes = new List<RibChange>();

        Assert.Equal(unrefreshed.Count, rib.Ipv4.SweepStale(1, changes));

        Assert.Equal(0, rib.Ipv4.StalePathCount(1));
        Assert.Equal(Routes - unrefreshed.Count, rib.AdjRibIn(1, Afi.Ipv4).Count);
        foreach (var path in rib.AdjRibIn(1, Afi.Ipv4)) Assert.DoesNotContain(path.Prefix, unrefreshed);
        // Prefix 0 had peer 2's path too: it takes over; the others of peer 1 alone are gone.
        Assert.True(rib.TryGetBest(PrefixAt(0), out var best));
        Assert.Equal(2, best.PeerId);
        Assert.False(rib.TryGetBest(PrefixAt(14), out _));
        Assert.Equal(unrefreshed.Count, changes.Count);
    }

    [Fact]
    public void SweepStale_OnlyTheNewestUnrefreshed_StopsAfterTheLastStalePath()
    {
        var attributes = Attrs(Path(65001, 65100));
        var rib = Loaded(attributes);
        rib.Ipv4.MarkStale(1);
        // The ten announced last head the peer's list; every other path is refreshed.
        for (int i = 0; i < Routes - 10; i++) rib.Announce(1, new Nlri(PrefixAt(i)), attributes);

        Assert.Equal(10, rib.Ipv4.SweepStale(1, []));

        Assert.Equal(10, rib.Ipv4.SweepVisits);
        Assert.Equal(Routes - 10, rib.AdjRibIn(1, Afi.Ipv4).Count);
    }

    [Fact]
    public void StalePathCount_MarkedTwice_CountsEachPathOnce()
    {
        var attributes = Attrs(Path(65001, 65100));
        var rib = Loaded(attributes);
        rib.Ipv4.MarkStale(1);
        rib.Announce(1, new Nlri(PrefixAt(3)), attributes);

        // Down again before the sweep (a restart cut short): the paths still stale must not count twice.
        Assert.Equal(Routes, rib.Ipv4.MarkStale(1));

        Assert.Equal(Routes, rib.Ipv4.StalePathCount(1));
        Assert.Equal(Routes, rib.Ipv4.SweepStale(1, []));
        Assert.Equal(0, rib.Ipv4.StalePathCount(1));
    }

    [Fact]
    public void StalePathCount_StalePathsWithdrawnThenPeerDown_FallsToZeroAndNextSweepRemovesNothing()
    {
        var attributes = Attrs(Path(65001, 65100));
        var rib = Loaded(attributes);
        rib.Ipv4.MarkStale(1);
        for (int i = 0; i < 100; i++) rib.Withdraw(1, new Nlri(PrefixAt(i)));
        Assert.Equal(Routes - 100, rib.Ipv4.StalePathCount(1));

        rib.PeerDown(1, []);
        Assert.Equal(0, rib.Ipv4.StalePathCount(1));
        // A fresh session's routes are not stale: its End-of-RIB sweeps nothing and walks nothing.
        for (int i = 0; i < 50; i++) rib.Announce(1, new Nlri(PrefixAt(i)), attributes);

        Assert.Equal(0, rib.Ipv4.SweepStale(1, []));
        Assert.Equal(0, rib.Ipv4.SweepVisits);
        Assert.Equal(50, rib.AdjRibIn(1, Afi.Ipv4).Count);
    }
}

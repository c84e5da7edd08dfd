using Bgp.Protocol;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests;

/// <summary>
/// Holds on Loc-RIB destinations (LocRib.Holds.cs): a held destination outlives its last path as an empty
/// entry no reader sees, revives with the next announcement, and goes with its last release.
/// </summary>
public sealed class LocRibHoldTests
{
    private static readonly Prefix Other = Prefix.Parse("10.9.9.0/24");

    [Fact]
    public void HeldDestination_LastPathWithdrawn_StaysIndexedButInvisible()
    {
        var rib = RibWithPeers(2);
        rib.Announce(1, new Nlri(P), Attrs());
        int d = rib.Ipv4.FindDestinationIndex(P);
        rib.Ipv4.HoldDestination(d);

        var change = rib.Withdraw(1, new Nlri(P));

        Assert.True(change.Kind.HasFlag(RibChangeKind.BestPath));
        Assert.Equal(0, rib.Ipv4.PrefixCount);
        Assert.Equal(1, rib.Ipv4.IndexedDestinations);
        Assert.Equal(d, rib.Ipv4.FindDestinationIndex(P));
        Assert.Equal(P, rib.Ipv4.PrefixAt(d));
        Assert.False(rib.TryGetBest(P, out _));
        Assert.Null(rib.Ipv4.Explain(P));
        Assert.Equal(0, rib.Ipv4.GetCandidates(P, []));
        Assert.Equal(0, rib.Ipv4.GetMultipath(P, []));
        Assert.Equal(0, rib.Ipv4.GetRanked(P, []));
        Assert.Equal(0, rib.Ipv4.CopyBestPaths([]));
        // Even an ADD-PATH "all" listener hears nothing of an empty destination.
        rib.Ipv4.ReportCandidates = true;
        Assert.Equal(RibChangeKind.Unchanged, rib.Ipv4.Reevaluate(P).Kind);
        Assert.Equal(1, rib.Ipv4.IndexedDestinations);
    }

    [Fact]
    public void HeldEmptyDestination_Announced_LiveAgainInSameSlot()
    {
        var rib = RibWithPeers(2);
        rib.Announce(1, new Nlri(P), Attrs());
        int d = rib.Ipv4.FindDestinationIndex(P);
        rib.Ipv4.HoldDestination(d);
        rib.Withdraw(1, new Nlri(P));

        var change = rib.Announce(2, new Nlri(P), Attrs(Path(65002)));

        Assert.Equal(RibChangeKind.BestPath, change.Kind & RibChangeKind.BestPath);
        Assert.Equal(1, rib.Ipv4.PrefixCount);
        Assert.Equal(d, rib.Ipv4.FindDestinationIndex(P));
        Assert.True(rib.TryGetBest(P, out var best));
        Assert.Equal(2, best.PeerId);
        Assert.NotNull(rib.Ipv4.Explain(P));
        // Released while live: the destination stays, it has a path.
        rib.Ipv4.ReleaseDestination(d);
        Assert.Equal(1, rib.Ipv4.IndexedDestinations);
        Assert.True(rib.TryGetBest(P, out _));
    }

    [Fact]
    public void HeldEmptyDestination_LastRelease_FreesSlotForReuse()
    {
        var rib = RibWithPeers(2);
        rib.Announce(1, new Nlri(P), Attrs());
        int d = rib.Ipv4.FindDestinationIndex(P);
        rib.Ipv4.HoldDestination(d);
        rib.Ipv4.HoldDestination(d);
        rib.Withdraw(1, new Nlri(P));

        rib.Ipv4.ReleaseDestination(d);
        Assert.Equal(1, rib.Ipv4.IndexedDestinations);
        rib.Ipv4.ReleaseDestination(d);

        Assert.Equal(0, rib.Ipv4.IndexedDestinations);
        Assert.Equal(-1, rib.Ipv4.FindDestinationIndex(P));
        rib.Announce(1, new Nlri(Other), Attrs());
        Assert.Equal(d, rib.Ipv4.FindDestinationIndex(Other));
        Assert.Equal(1, rib.Ipv4.PrefixCount);
        Assert.Throws<InvalidOperationException>(() => rib.Ipv4.ReleaseDestination(d));
    }

    [Fact]
    public void HeldEmptyDestination_PeerDownAndSweep_NeitherFreesNorCountsIt()
    {
        var rib = RibWithPeers(2);
        rib.Announce(1, new Nlri(P), Attrs());
        rib.Announce(1, new Nlri(Other), Attrs());
        int d = rib.Ipv4.FindDestinationIndex(P);
        rib.Ipv4.HoldDestination(d);

        rib.Ipv4.PeerDown(1, []);

        Assert.Equal(0, rib.Ipv4.PrefixCount);
        Assert.Equal(1, rib.Ipv4.IndexedDestinations);
        Assert.Equal(-1, rib.Ipv4.FindDestinationIndex(Other));
        rib.Ipv4.ReleaseDestination(d);
        Assert.Equal(0, rib.Ipv4.IndexedDestinations);
    }
}

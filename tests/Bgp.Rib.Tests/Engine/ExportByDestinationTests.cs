using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;
using Bgp.Rib.Engine;
using static Bgp.Rib.Tests.Engine.EngineKit;

namespace Bgp.Rib.Tests.Engine;

/// <summary>
/// The engine exports a change by its Loc-RIB destination index (RibEngine.ExportChange): the best path is read
/// by it and each Adj-RIB-Out is told it instead of looking the prefix up. These check that the index used is
/// the prefix's own, in its own family, and not one an earlier operation freed or handed to another prefix.
/// </summary>
public sealed class ExportByDestinationTests
{
    private static readonly Prefix A = Prefix.Parse("10.1.0.0/16");
    private static readonly Prefix B = Prefix.Parse("10.2.0.0/16");
    private static readonly Prefix V6 = Prefix.Parse("2001:db8:1::/48");

    private static RibEngine DenseEngine() => new(new RibEngineSettings(LocalAs, EngineKit.RouterId)) { AdjRibOutDenseMinimum = 0 };

    private static PeerUp DualStack(int id, uint peerAs)
    {
        var up = Up(id, peerAs);
        return up with
        {
            Facts = up.Facts with
            {
                Families = [AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast],
                LocalAddressV6 = IPAddress.Parse("2001:db8::100"),
            },
        };
    }

    private static UpdateMessage AnnounceV6(Prefix prefix) => new()
    {
        Attributes = Attrs("192.0.2.1", 65001) with { NextHop = null },
        MpReach = new MpReachNlri { Family = AfiSafi.Ipv6Unicast, NextHop = IPAddress.Parse("2001:db8::1"), Nlri = [new Nlri(prefix)] },
    };

    private static UpdateMessage WithdrawV6(Prefix prefix) => new()
    {
        MpUnreach = new MpUnreachNlri { Family = AfiSafi.Ipv6Unicast, Withdrawn = [new Nlri(prefix)] },
    };

    private static List<Prefix> Announced(List<UpdateMessage> updates) =>
        [.. updates.SelectMany(u => u.Nlri.Concat(u.MpReach?.Nlri ?? [])).Select(n => n.Prefix)];

    private static List<Prefix> Withdrawn(List<UpdateMessage> updates) =>
        [.. updates.SelectMany(u => u.Withdrawn.Concat(u.MpUnreach?.Withdrawn ?? [])).Select(n => n.Prefix)];

    [Fact]
    public void DenseReceivers_BothFamilies_EachChangePendsAndIsSentByItsFamilysIndex()
    {
        var e = DenseEngine();
        e.Execute(DualStack(1, 65001));
        e.Execute(DualStack(2, 65002));
        e.Execute(DualStack(3, 65003));
        // Give the two families different index spans, so that an index read in the wrong family misses.
        e.Execute(new UpdateReceived(1, Announce("10.9.0.0/16", Attrs("192.0.2.1", 65001))));
        e.Execute(new UpdateReceived(1, Announce(A.ToString(), Attrs("192.0.2.1", 65001))));
        e.Execute(new UpdateReceived(1, AnnounceV6(V6)));

        foreach (int peer in (int[])[2, 3])
        {
            // Pending by destination index, not in the pending map, in both families.
            Assert.Equal(3, e.AdjRibOut(peer)!.DensePendingCount);
            Assert.Equal(3, Announced(DrainRoutes(e, peer)).Count);
            Assert.Equal(3, e.AdjRibOut(peer)!.SlotSentCount);
        }

        e.Execute(new UpdateReceived(1, WithdrawV6(V6)));
        e.Execute(new UpdateReceived(1, WithdrawOf(A.ToString())));

        foreach (int peer in (int[])[2, 3])
        {
            Assert.Equal(2, e.AdjRibOut(peer)!.DensePendingCount);
            Assert.Equal([A, V6], Withdrawn(DrainRoutes(e, peer)).Order());
        }
        Assert.Equal(-1, e.Rib.Ipv4.FindDestinationIndex(A));
        Assert.Equal(-1, e.Rib.Ipv6.FindDestinationIndex(V6));
        Assert.Equal(1, e.Rib.Ipv4.IndexedDestinations);
        Assert.Equal(0, e.Rib.Ipv6.IndexedDestinations);
    }

    [Fact]
    public void PrefixWithdrawnThenAnotherAtItsIndex_ReceiverGetsEachPrefixOnce()
    {
        var e = DenseEngine();
        e.Execute(Up(1, 65001));
        e.Execute(Up(2, 65002));
        e.Execute(new UpdateReceived(1, Announce(A.ToString(), Attrs("192.0.2.1", 65001))));
        int d = e.Rib.Ipv4.FindDestinationIndex(A);
        Assert.Equal([A], Announced(DrainRoutes(e, 2)));
        e.Execute(new UpdateReceived(1, WithdrawOf(A.ToString())));
        Assert.Equal([A], Withdrawn(DrainRoutes(e, 2)));

        e.Execute(new UpdateReceived(1, Announce(B.ToString(), Attrs("192.0.2.1", 65001))));
        Assert.Equal(d, e.Rib.Ipv4.FindDestinationIndex(B));
        var updates = DrainRoutes(e, 2);
        Assert.Equal([B], Announced(updates));
        Assert.Empty(Withdrawn(updates));
        Assert.Equal(1, e.AdjRibOut(2)!.SlotSentCount);
        Assert.True(e.AdjRibOut(2)!.TryGetSent(new Nlri(B), out _));
        Assert.False(e.AdjRibOut(2)!.TryGetSent(new Nlri(A), out _));

        e.Execute(new UpdateReceived(1, WithdrawOf(B.ToString())));
        Assert.Equal([B], Withdrawn(DrainRoutes(e, 2)));
        Assert.Equal(0, e.Rib.Ipv4.IndexedDestinations);
    }

    [Fact]
    public void WithdrawalCancelledAtFirstReceiverSentToSecond_DestinationFreedOnceAfterBoth()
    {
        var e = DenseEngine();
        e.Execute(Up(1, 65001));
        e.Execute(Up(2, 65002));
        e.Execute(Up(3, 65003));
        e.Execute(new UpdateReceived(1, Announce(A.ToString(), Attrs("192.0.2.1", 65001))));
        // Peer 3 has A; peer 2 has it only pending, so the withdrawal cancels there and gives back its hold.
        Drain(e, 3);

        e.Execute(new UpdateReceived(1, WithdrawOf(A.ToString())));

        Assert.Empty(DrainRoutes(e, 2));
        Assert.Equal(1, e.Rib.Ipv4.IndexedDestinations);
        Assert.Equal([A], Withdrawn(DrainRoutes(e, 3)));
        Assert.Equal(0, e.Rib.Ipv4.IndexedDestinations);
        Assert.Equal(0, e.AdjRibOut(2)!.SentCount + e.AdjRibOut(3)!.SentCount);
    }

    [Fact]
    public void AddPathAndPlainReceivers_PlainOneByIndexAddPathOneByPathId()
    {
        var e = DenseEngine();
        e.Execute(Up(1, 65001));
        e.Execute(Up(4, 65004));
        var up = Up(2, LocalAs, AcceptAll with { AddPathSend = AddPathSendMode.All });
        e.Execute(up with
        {
            Facts = up.Facts with
            {
                CodecOptions = up.Facts.CodecOptions with { AddPathSend = [AfiSafi.Ipv4Unicast], AddPathReceive = [AfiSafi.Ipv4Unicast] },
            },
        });
        e.Execute(Up(3, 65003));
        e.Execute(new UpdateReceived(1, Announce(A.ToString(), Attrs("192.0.2.1", 65001))));
        e.Execute(new UpdateReceived(4, Announce(A.ToString(), Attrs("192.0.2.4", 65004, 65100))));

        Assert.Equal(1, e.AdjRibOut(3)!.DensePendingCount);
        var addPath = Drain(e, 2).Where(u => u.EndOfRib is null).SelectMany(u => u.Nlri).ToList();
        Assert.Equal(2, addPath.Count);
        Assert.All(addPath, n => Assert.NotEqual(0u, n.PathId));
        Assert.Equal([A], Announced(DrainRoutes(e, 3)));
        Assert.Equal(1, e.AdjRibOut(3)!.SlotSentCount);

        e.Execute(new UpdateReceived(1, WithdrawOf(A.ToString())));
        e.Execute(new UpdateReceived(4, WithdrawOf(A.ToString())));

        Assert.Equal(2, Drain(e, 2).SelectMany(u => u.Withdrawn).Count());
        Assert.Equal([A], Withdrawn(DrainRoutes(e, 3)));
        Assert.Equal(0, e.Rib.Ipv4.IndexedDestinations);
    }

    /// <summary>
    /// A sweep decides one stale path at a time: the first change of a prefix with two paths names the
    /// destination the second frees, and is exported after it. Its index must not be used as is.
    /// </summary>
    [Fact]
    public void SweepStale_TwoPathsOfOnePrefix_FirstChangesIndexFreedBySecond_Withdrawn()
    {
        var e = NewEngine();
        var up = Up(1, 65001);
        var gr = new GracefulRestartCapability(false, false, 120, [new GracefulRestartFamily(AfiSafi.Ipv4Unicast, true)]);
        e.Execute(up with { Facts = up.Facts with { GracefulRestart = gr } });
        e.Execute(Up(2, 65002));
        e.Execute(new UpdateReceived(1, new UpdateMessage { Attributes = Attrs("192.0.2.1", 65001, 65100, 65200), Nlri = [new Nlri(A, 1)] }));
        // The newer path is the better one, so the sweep (newest first) removes the best path first.
        e.Execute(new UpdateReceived(1, new UpdateMessage { Attributes = Attrs("192.0.2.1", 65001), Nlri = [new Nlri(A, 2)] }));
        Assert.Equal([A], Announced(DrainRoutes(e, 2)));
        e.Execute(new PeerDown(1, RetainStale: true));

        e.Execute(new SweepStale(1));

        Assert.Equal([A], Withdrawn(DrainRoutes(e, 2)));
        Assert.Null(e.GetBest(A));
        Assert.Equal(0, e.Rib.Ipv4.IndexedDestinations);
    }
}

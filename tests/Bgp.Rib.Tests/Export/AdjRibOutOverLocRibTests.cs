using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Export;
using static Bgp.Rib.Tests.Export.ExportKit;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests.Export;

/// <summary>
/// The Adj-RIB-Out tests again with the sent state kept by the Loc-RIB's destination index (the engine's
/// setup), plus what only that store has: the hold that outlives the prefix's last path, and its release.
/// </summary>
public sealed class AdjRibOutOverLocRibTests : AdjRibOutTests
{
    private static readonly CodecOptions Options = CodecOptions.FourOctet;
    private static readonly Nlri N = new(Prefix.Parse("10.1.0.0/16"));

    protected override AdjRibOut NewRib()
    {
        var rib = SelfPopulatingLocRib.NewRib();
        return new AdjRibOut(Interner, new SelfPopulatingLocRib(rib, Afi.Ipv4), new SelfPopulatingLocRib(rib, Afi.Ipv6)) { DenseMinimum = 0 };
    }

    private static Rib RibWith(params Nlri[] routes)
    {
        var rib = SelfPopulatingLocRib.NewRib();
        foreach (var nlri in routes)
            rib.Announce(1, nlri, Attrs(nextHop: nlri.Prefix.IsIpv6 ? "2001:db8::99" : "192.0.2.1"));
        return rib;
    }

    [Fact]
    public void Drain_PathIdZeroRoutes_KeptInSlotsNotInMap()
    {
        var rib = RibWith(N);
        var adj = new AdjRibOut(Interner, rib.Ipv4, rib.Ipv6) { DenseMinimum = 0 };
        adj.Announce(N, Set(1));
        Drain(adj, Options);
        Assert.Equal(1, adj.SlotSentCount);
        Assert.Equal(1, adj.SentCount);
        Assert.True(adj.TryGetSent(N, out var sent));
        Assert.Equal(1u, sent.Attributes.LocalPref);
        Assert.Equal(1, rib.Ipv4.HoldsOn(rib.Ipv4.FindDestinationIndex(N.Prefix)));
    }

    /// <summary>A Loc-RIB of <paramref name="n"/> /24s from 10.0.0.0 up.</summary>
    private static (Rib Rib, Nlri[] Routes) TableOf(int n)
    {
        var routes = new Nlri[n];
        for (int i = 0; i < n; i++) routes[i] = new Nlri(Prefix.V4(0x0A000000u + ((uint)i << 8), 24));
        return (RibWith(routes), routes);
    }

    private void AnnounceAll(AdjRibOut adj, ReadOnlySpan<Nlri> routes)
    {
        var set = Set(1);
        for (int i = 0; i < routes.Length; i++)
        {
            if (i > 0) Interner.AddReference(set);
            adj.Announce(routes[i], set);
        }
        Drain(adj, Options);
    }

    /// <summary>
    /// The slot store covers every index up to the highest sent, so a peer sent a few routes of a large table
    /// (a customer's export policy) keeps them in the map and holds nothing.
    /// </summary>
    [Fact]
    public void Drain_FewRoutesOfALargeTable_StayInTheMap()
    {
        var (rib, routes) = TableOf(4096);
        var adj = new AdjRibOut(Interner, rib.Ipv4, rib.Ipv6);
        // The last 300: above the minimum of 256, below a quarter of the table, at the highest indexes.
        AnnounceAll(adj, routes.AsSpan(4096 - 300));
        Assert.Equal(300, adj.SentCount);
        Assert.Equal(0, adj.SlotSentCount);
        Assert.Equal(0, rib.Ipv4.HoldsOn(rib.Ipv4.FindDestinationIndex(routes[^1].Prefix)));
    }

    /// <summary>Once the peer has a quarter of the table, its routes move to the slot store, map entries included.</summary>
    [Fact]
    public void Drain_AQuarterOfTheTable_MovesToTheSlotStore()
    {
        var (rib, routes) = TableOf(4096);
        var adj = new AdjRibOut(Interner, rib.Ipv4, rib.Ipv6);
        AnnounceAll(adj, routes.AsSpan(0, 1000));
        Assert.Equal(0, adj.SlotSentCount);
        AnnounceAll(adj, routes.AsSpan(1000, 100));
        Assert.Equal(1100, adj.SentCount);
        Assert.Equal(1100, adj.SlotSentCount);
        Assert.Equal(1, rib.Ipv4.HoldsOn(rib.Ipv4.FindDestinationIndex(routes[0].Prefix)));
        Assert.True(adj.TryGetSent(routes[0], out _));

        adj.Clear();
        Assert.Equal(0, rib.Ipv4.HoldsOn(rib.Ipv4.FindDestinationIndex(routes[0].Prefix)));
        Assert.Equal(0, Interner.Count);
    }

    /// <summary>After the session goes down (Clear), the next one starts in the map again.</summary>
    [Fact]
    public void Clear_AfterMovingToSlots_NextSessionStartsInTheMap()
    {
        var (rib, routes) = TableOf(4096);
        var adj = new AdjRibOut(Interner, rib.Ipv4, rib.Ipv6);
        AnnounceAll(adj, routes.AsSpan(0, 1100));
        Assert.Equal(1100, adj.SlotSentCount);
        adj.Clear();

        AnnounceAll(adj, routes.AsSpan(4096 - 300));
        Assert.Equal(300, adj.SentCount);
        Assert.Equal(0, adj.SlotSentCount);
    }

    [Fact]
    public void Drain_AddPathRoute_StaysInMap()
    {
        // RFC 7911: a route with a path identifier is not one per destination, so the slot store cannot hold it.
        var rib = RibWith(N);
        var adj = new AdjRibOut(Interner, rib.Ipv4, rib.Ipv6) { DenseMinimum = 0 };
        adj.Announce(new Nlri(N.Prefix, 7), Set(1));
        Drain(adj, Options with { AddPathSend = [AfiSafi.Ipv4Unicast] });
        Assert.Equal(1, adj.SentCount);
        Assert.Equal(0, adj.SlotSentCount);
        Assert.Equal(0, rib.Ipv4.HoldsOn(rib.Ipv4.FindDestinationIndex(N.Prefix)));
    }

    [Fact]
    public void Withdraw_LastPathLeftLocRib_SendsWithdrawalAndFreesDestinationOnceWritten()
    {
        // The engine withdraws from the Loc-RIB first and exports the change after: the hold keeps the
        // prefix's index (and so what was sent) until the withdrawal is written.
        var rib = RibWith(N);
        var adj = new AdjRibOut(Interner, rib.Ipv4, rib.Ipv6) { DenseMinimum = 0 };
        adj.Announce(N, Set(1));
        Drain(adj, Options);
        rib.Withdraw(1, N);
        Assert.Equal(0, rib.Ipv4.PrefixCount);
        Assert.Equal(1, rib.Ipv4.IndexedDestinations);

        adj.Withdraw(N);
        Assert.Equal(1, rib.Ipv4.IndexedDestinations);
        var update = Assert.Single(Drain(adj, Options));
        Assert.Equal([N], update.Withdrawn.ToArray());
        Assert.Equal(0, adj.SentCount);
        Assert.Equal(0, rib.Ipv4.IndexedDestinations);
        Assert.Equal(-1, rib.Ipv4.FindDestinationIndex(N.Prefix));
        Assert.Equal(0, Interner.Count);
    }

    [Fact]
    public void Clear_SessionDown_ReleasesEveryHold()
    {
        var routes = new Nlri[100];
        for (int i = 0; i < routes.Length; i++) routes[i] = new Nlri(Prefix.V4(0x0A000000u + ((uint)i << 8), 24));
        var v6 = new Nlri(Prefix.Parse("2001:db8:5::/48"));
        var rib = RibWith([.. routes, v6]);
        var adj = new AdjRibOut(Interner, rib.Ipv4, rib.Ipv6) { DenseMinimum = 0 };
        foreach (var nlri in routes) adj.Announce(nlri, Set(1));
        adj.Announce(v6, Set(1, Afi.Ipv6));
        Drain(adj, Options);
        Assert.Equal(101, adj.SlotSentCount);
        // Half of the prefixes leave the Loc-RIB; their withdrawals are still pending when the session goes.
        for (int i = 0; i < 50; i++)
        {
            rib.Withdraw(1, routes[i]);
            adj.Withdraw(routes[i]);
        }
        Assert.Equal(100, rib.Ipv4.IndexedDestinations);

        adj.Clear();
        Assert.Equal(0, adj.SentCount);
        Assert.Equal(50, rib.Ipv4.IndexedDestinations);
        Assert.Equal(50, rib.Ipv4.PrefixCount);
        for (int i = 50; i < routes.Length; i++) Assert.Equal(0, rib.Ipv4.HoldsOn(rib.Ipv4.FindDestinationIndex(routes[i].Prefix)));
        Assert.Equal(0, rib.Ipv6.HoldsOn(rib.Ipv6.FindDestinationIndex(v6.Prefix)));
        Assert.Equal(0, Interner.Count);
    }

    [Fact]
    public void ResendAll_RouteRefresh_ResendsEveryRouteFromSlotStore()
    {
        // RFC 2918 3: the whole Adj-RIB-Out again, here rebuilt from destination indices.
        var routes = new[] { N, new Nlri(Prefix.Parse("10.2.0.0/16")), new Nlri(Prefix.Parse("2001:db8:9::/48")) };
        var rib = RibWith(routes);
        var adj = new AdjRibOut(Interner, rib.Ipv4, rib.Ipv6) { DenseMinimum = 0 };
        adj.Announce(routes[0], Set(1));
        adj.Announce(routes[1], Set(2));
        adj.Announce(routes[2], Set(3, Afi.Ipv6));
        Drain(adj, Options);
        Assert.Equal(3, adj.SlotSentCount);

        adj.ResendAll();
        var again = Drain(adj, Options);
        Assert.Equal(routes.OrderBy(n => n.ToString()), again.SelectMany(Announced).OrderBy(n => n.ToString()));
        Assert.Equal(3, adj.SentCount);
        Assert.Equal(3, Interner.Count);
    }
}

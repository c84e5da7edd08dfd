using Bgp.Protocol;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests;

public sealed class PeerDownTests
{
    private static readonly RibPeer PeerA = Peer(1, "10.0.0.1", 65001, "1.1.1.1");
    private static readonly RibPeer PeerB = Peer(2, "10.0.0.2", 65001, "2.2.2.2");

    private static readonly Prefix OnlyA = Prefix.Parse("10.1.0.0/16");
    private static readonly Prefix BestA = Prefix.Parse("10.2.0.0/16");
    private static readonly Prefix BestB = Prefix.Parse("10.3.0.0/16");
    private static readonly Prefix OnlyB = Prefix.Parse("10.4.0.0/16");
    private static readonly Prefix V6BestA = Prefix.Parse("2001:db8:1::/48");
    private static readonly Prefix EcmpBoth = Prefix.Parse("10.5.0.0/16");

    private static Rib Loaded(int maxPaths = 1)
    {
        var rib = new Rib(DecisionOptions.Default with { MaxPaths = maxPaths });
        rib.AddPeer(PeerA);
        rib.AddPeer(PeerB);
        rib.Announce(1, new Nlri(OnlyA), Attrs());
        rib.Announce(1, new Nlri(BestA), Attrs(localPref: 200));
        rib.Announce(2, new Nlri(BestA), Attrs());
        rib.Announce(1, new Nlri(BestB), Attrs());
        rib.Announce(2, new Nlri(BestB), Attrs(localPref: 200));
        rib.Announce(2, new Nlri(OnlyB), Attrs());
        // Two ADD-PATH paths from A to one IPv6 prefix: one change, not two.
        rib.Announce(1, new Nlri(V6BestA, 1), Attrs(localPref: 200), System.Net.IPAddress.Parse("2001:db8::1"));
        rib.Announce(1, new Nlri(V6BestA, 2), Attrs(localPref: 150), System.Net.IPAddress.Parse("2001:db8::2"));
        rib.Announce(2, new Nlri(V6BestA), Attrs(), System.Net.IPAddress.Parse("2001:db8::3"));
        // Equal through IGP cost: with MaxPaths 2 both are in the multipath set, A best on router id.
        rib.Announce(2, new Nlri(EcmpBoth), Attrs());
        rib.Announce(1, new Nlri(EcmpBoth), Attrs());
        return rib;
    }

    [Fact]
    public void PeerDown_PeerWithBestPaths_RemovesAllItsPathsAndReportsChangedPrefixes()
    {
        var rib = Loaded();
        var changes = new List<RibChange>();
        int removed = rib.PeerDown(1, changes);

        Assert.Equal(6, removed);
        Assert.Equal(0, rib.AdjRibIn(1, Afi.Ipv4).Count);
        Assert.Equal(0, rib.AdjRibIn(1, Afi.Ipv6).Count);
        Assert.Equal(5, rib.AdjRibIn(2, Afi.Ipv4).Count + rib.AdjRibIn(2, Afi.Ipv6).Count);
        var byPrefix = changes.ToDictionary(c => c.Prefix, c => c.Kind);
        Assert.Equal(4, byPrefix.Count);
        Assert.True(byPrefix[OnlyA].HasFlag(RibChangeKind.BestPath));
        Assert.True(byPrefix[BestA].HasFlag(RibChangeKind.BestPath));
        Assert.True(byPrefix[V6BestA].HasFlag(RibChangeKind.BestPath));
        Assert.True(byPrefix[EcmpBoth].HasFlag(RibChangeKind.BestPath));
        Assert.False(byPrefix.ContainsKey(BestB));
        Assert.False(byPrefix.ContainsKey(OnlyB));

        Assert.False(rib.TryGetBest(OnlyA, out _));
        Assert.Equal(0, rib.Ipv4.GetCandidates(OnlyA, []));
        Assert.True(rib.TryGetBest(BestA, out var a));
        Assert.Equal(2, a.PeerId);
        Assert.True(rib.TryGetBest(V6BestA, out var v6));
        Assert.Equal(2, v6.PeerId);
        Assert.Equal(4, rib.Ipv4.PrefixCount);
    }

    [Fact]
    public void PeerDown_PeerOnlyInMultipathSet_ReportsMultipathChangeOnly()
    {
        var rib = Loaded(maxPaths: 2);
        var set = new List<RibPath>();
        rib.Ipv4.GetMultipath(EcmpBoth, set);
        Assert.Equal(2, set.Count);
        Assert.True(rib.TryGetBest(EcmpBoth, out var best));
        Assert.Equal(1, best.PeerId);

        var changes = new List<RibChange>();
        rib.PeerDown(2, changes);
        var ecmp = Assert.Single(changes, c => c.Prefix == EcmpBoth);
        Assert.Equal(RibChangeKind.Multipath, ecmp.Kind);
        Assert.Contains(changes, c => c.Prefix == BestB && c.Kind == (RibChangeKind.BestPath | RibChangeKind.Multipath));
    }

    [Fact]
    public void PeerDown_AllPeers_InternerAndTablesEmpty()
    {
        var rib = Loaded();
        var changes = new List<RibChange>();
        rib.PeerDown(1, changes);
        rib.PeerDown(2, changes);
        Assert.Equal(0, rib.Ipv4.PathCount + rib.Ipv6.PathCount);
        Assert.Equal(0, rib.Ipv4.PrefixCount + rib.Ipv6.PrefixCount);
        Assert.Equal(0, rib.Interner.Count);
        Assert.Equal(0, rib.PeerDown(1, changes));
    }
}

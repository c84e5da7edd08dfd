using System.Globalization;
using System.Net;
using Bgp.Interop.Tests.Harness;
using Bgp.Protocol;
using Xunit.Abstractions;

namespace Bgp.Interop.Tests.Rib;

/// <summary>
/// Route distribution in a Calico-style cluster: nodes on one subnet (a bridge), each node owning a pod CIDR
/// block it originates, iBGP through route reflectors, and a top-of-rack switch over eBGP. Every check reads
/// the daemon's own RIB: <c>birdc show route</c>, <c>gobgp global rib</c>, and our Loc-RIB.
/// </summary>
public sealed class CalicoClusterTests(ITestOutputHelper output)
{
    private const uint ClusterAs = 64512;
    private const uint TorAs = 65000;
    private static readonly Prefix OurBlock = Prefix.Parse("10.244.0.0/26");
    private static readonly Prefix Node1Block = Prefix.Parse("10.244.1.0/26");
    private static readonly Prefix Node2Block = Prefix.Parse("10.244.2.0/26");
    private static readonly IPAddress ClusterId = IPAddress.Parse("10.254.255.1");

    [Fact]
    public async Task OurReflector_BirdClientsAndGoBgpTor_EveryNodeLearnsEveryBlockAndWithdrawalsReachAll()
    {
        await using var s = new InteropScenario(output);
        await s.RunAsync(async () =>
        {
            var t = s.Topology;
            string n1 = await t.AddNamespaceAsync(), n2 = await t.AddNamespaceAsync(), tor = await t.AddNamespaceAsync();
            var seg = await t.SegmentAsync([null, n1, n2, tor]);
            var (me, m1, m2, mt) = (seg[0], seg[1], seg[2], seg[3]);
            IReadOnlyList<AfiSafi> v4 = [AfiSafi.Ipv4Unicast];

            var bird1 = s.Add(new BirdDaemon(n1, new SpeakerSpec(ClusterAs, m1.V4, [new NeighborSpec(me.V4, m1.V4, ClusterAs, v4) { ExportAll = true }]) { Originate = [Node1Block] }));
            var bird2 = s.Add(new BirdDaemon(n2, new SpeakerSpec(ClusterAs, m2.V4, [new NeighborSpec(me.V4, m2.V4, ClusterAs, v4) { ExportAll = true }]) { Originate = [Node2Block] }));
            var gobgp = s.Add(new GoBgpDaemon(tor, new SpeakerSpec(TorAs, mt.V4, [new NeighborSpec(me.V4, mt.V4, ClusterAs, v4)])));
            await s.StartAllAsync();
            var ours = s.Add(await InProcessBgpd.StartAsync("rr", string.Create(CultureInfo.InvariantCulture, $$"""
                asNumber: {{ClusterAs}}
                routerId: {{me.V4}}
                listen: { address: {{me.V4}}, port: 179 }
                routeReflectorClusterId: {{ClusterId}}
                kernel: { enabled: false }
                prefixes: [{{OurBlock}}]
                peers:
                  - { peerIP: {{m1.V4}}, asNumber: {{ClusterAs}}, routeReflectorClient: true, families: [ipv4], sourceAddress: {{me.V4}} }
                  - { peerIP: {{m2.V4}}, asNumber: {{ClusterAs}}, routeReflectorClient: true, families: [ipv4], sourceAddress: {{me.V4}} }
                  - { peerIP: {{mt.V4}}, asNumber: {{TorAs}}, families: [ipv4], sourceAddress: {{me.V4}}, importFilter: accept-all, exportFilter: accept-all }
                """), s.Token));

            // Our Loc-RIB has both clients' blocks, with the clients' own next hops.
            var r1 = await Eventually.WaitAsync("our route to node 1's block", ct => ours.BestAsync(Node1Block, ct), r => r is not null, s.Token);
            Assert.Equal(m1.V4, r1!.Attributes.NextHop);
            await Eventually.WaitAsync("our route to node 2's block", ct => ours.BestAsync(Node2Block, ct), r => r is not null, s.Token);

            // Each client learns the other's block through us, reflected (RFC 4456): the next hop and AS_PATH
            // untouched, ORIGINATOR_ID the originating client, CLUSTER_LIST our cluster id.
            var at2 = await Eventually.WaitAsync("node 2's route to node 1's block", ct => bird2.ShowRouteAsync(Node1Block, ct), r => r is not null, s.Token);
            output.WriteLine($"bird2: {at2}");
            Assert.Equal(m1.V4.ToString(), at2!.NextHop);
            Assert.Equal("", at2.AsPath);
            Assert.Equal(m1.V4.ToString(), at2.OriginatorId);
            Assert.Equal(ClusterId.ToString(), at2.ClusterList);
            Assert.False(at2.Unreachable);
            var at1 = await Eventually.WaitAsync("node 1's route to node 2's block", ct => bird1.ShowRouteAsync(Node2Block, ct), r => r is not null, s.Token);
            Assert.Equal(m2.V4.ToString(), at1!.OriginatorId);
            // Our own block reaches both clients with us as next hop and no reflection attributes.
            var ourAt1 = await Eventually.WaitAsync("node 1's route to our block", ct => bird1.ShowRouteAsync(OurBlock, ct), r => r is not null, s.Token);
            Assert.Equal(me.V4.ToString(), ourAt1!.NextHop);
            Assert.Null(ourAt1.OriginatorId);

            // The top-of-rack switch gets every block of the cluster over eBGP with our AS prepended.
            var tor4 = await Eventually.WaitAsync("the ToR's routes to every block", ct => gobgp.GlobalRibAsync(false, ct),
                rib => rib.ContainsKey(OurBlock.ToString()) && rib.ContainsKey(Node1Block.ToString()) && rib.ContainsKey(Node2Block.ToString()), s.Token);
            foreach (var block in new[] { OurBlock, Node1Block, Node2Block })
                Assert.Equal(ClusterAs.ToString(CultureInfo.InvariantCulture), tor4[block.ToString()]);

            // Node 1 goes away: its block is withdrawn from us, from node 2 and from the ToR.
            await bird1.DisposeAsync();
            await Eventually.WaitAsync("the ToR losing node 1's block", ct => gobgp.GlobalRibAsync(false, ct), rib => !rib.ContainsKey(Node1Block.ToString()), s.Token);
            await Eventually.WaitAsync("node 2 losing node 1's block", ct => bird2.ShowRouteAsync(Node1Block, ct), r => r is null, s.Token);
            Assert.Null(await ours.BestAsync(Node1Block, s.Token));
            Assert.NotNull(await ours.BestAsync(Node2Block, s.Token));
        });
    }

    [Fact]
    public async Task OurNodes_ClientsOfBirdReflector_LearnEachOthersBlocksWithReflectionAttributes()
    {
        await using var s = new InteropScenario(output);
        await s.RunAsync(async () =>
        {
            var t = s.Topology;
            string rrNs = await t.AddNamespaceAsync();
            var seg = await t.SegmentAsync([null, rrNs]);
            var (me, rr) = (seg[0], seg[1]);
            // A second node on the same host: another address on the root end of the segment.
            var bytes = me.V4.GetAddressBytes();
            bytes[3] = 101;
            var meB = new IPAddress(bytes);
            await t.AddAddressAsync(me, meB);
            IReadOnlyList<AfiSafi> v4 = [AfiSafi.Ipv4Unicast];
            var rrCluster = IPAddress.Parse("10.254.255.2");
            var bird = s.Add(new BirdDaemon(rrNs, new SpeakerSpec(ClusterAs, rr.V4,
            [
                new NeighborSpec(me.V4, rr.V4, ClusterAs, v4) { RouteReflectorClient = true, ExportAll = true },
                new NeighborSpec(meB, rr.V4, ClusterAs, v4) { RouteReflectorClient = true, ExportAll = true },
            ]) { ClusterId = rrCluster }));
            await s.StartAllAsync();
            var a = s.Add(await InProcessBgpd.StartAsync("node-a", Node(me.V4, rr.V4, Node1Block), s.Token));
            var b = s.Add(await InProcessBgpd.StartAsync("node-b", Node(meB, rr.V4, Node2Block), s.Token));

            var atA = await Eventually.WaitAsync("node A's route to node B's block", ct => a.BestAsync(Node2Block, ct), r => r is not null, s.Token);
            var atB = await Eventually.WaitAsync("node B's route to node A's block", ct => b.BestAsync(Node1Block, ct), r => r is not null, s.Token);
            output.WriteLine($"A: {atA}; B: {atB}");
            Assert.Equal(meB, atA!.Attributes.NextHop);
            Assert.Equal(RouterId.Parse(meB.ToString()), atA.Attributes.OriginatorId);
            Assert.Equal([RouterId.Parse(rrCluster.ToString())], atA.Attributes.ClusterList.ToArray());
            Assert.Equal(me.V4, atB!.Attributes.NextHop);
            Assert.Equal(RouterId.Parse(me.V4.ToString()), atB.Attributes.OriginatorId);
            var atRr = await bird.ShowRouteAsync(Node1Block, s.Token);
            Assert.NotNull(atRr);
            Assert.Equal(me.V4.ToString(), atRr!.NextHop);

            // Node B stops originating (a block released): node A loses it through the reflector.
            await b.DisposeAsync();
            await Eventually.WaitAsync("node A losing node B's block", ct => a.BestAsync(Node2Block, ct), r => r is null, s.Token);
        });
    }

    private static string Node(IPAddress me, IPAddress rr, Prefix block) => string.Create(CultureInfo.InvariantCulture, $$"""
        asNumber: {{ClusterAs}}
        routerId: {{me}}
        listen: { address: {{me}}, port: 179 }
        kernel: { enabled: false }
        prefixes: [{{block}}]
        peers:
          - { peerIP: {{rr}}, asNumber: {{ClusterAs}}, families: [ipv4], sourceAddress: {{me}} }
        """);
}

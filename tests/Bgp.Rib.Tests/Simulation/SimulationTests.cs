using Bgp.Protocol;
using Bgp.Protocol.Attributes;

namespace Bgp.Rib.Tests.Simulation;

/// <summary>
/// The RIB issue's topologies, run in <see cref="SimNetwork"/> under several delivery orders (seeds): every
/// router ends with the same best paths, nobody keeps a reflection loop, and withdrawals reach everyone.
/// </summary>
public sealed class SimulationTests
{
    private const uint As = 65000;

    public static TheoryData<int> Seeds => [1, 2, 3, 4, 5, 6];

    private static Prefix V4(int speaker, int k) => Prefix.Parse($"172.{16 + k}.{speaker}.0/24");
    private static Prefix V6(int speaker, int k) => Prefix.Parse($"2001:db8:{k:x}:{speaker:x}::/64");
    private static readonly Prefix Anycast = Prefix.Parse("198.51.100.0/24");

    /// <summary>Two IPv4 prefixes and one IPv6 prefix of the speaker's own.</summary>
    private static Prefix[] OwnPrefixes(SimSpeaker s) => [V4(s.Index, 0), V4(s.Index, 1), V6(s.Index, 0)];

    private static void OriginateOwn(SimNetwork net, SimSpeaker s)
    {
        foreach (var p in OwnPrefixes(s)) net.Originate(s, p);
    }

    private static Prefix[] StopOwn(SimNetwork net, SimSpeaker s)
    {
        var prefixes = OwnPrefixes(s);
        foreach (var p in prefixes) net.StopOriginating(s, p);
        return prefixes;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void FullMesh_TenSpeakers_AllAgreeAndWithdrawalsReachEveryone(int seed)
    {
        var net = new SimNetwork(seed);
        var r = Enumerable.Range(0, 10).Select(_ => net.AddSpeaker(As)).ToArray();
        for (int i = 0; i < r.Length; i++)
            for (int j = i + 1; j < r.Length; j++) net.Connect(r[i], r[j]);
        foreach (int i in (int[])[0, 3, 5, 9]) OriginateOwn(net, r[i]);
        net.Originate(r[7], Anycast);
        net.Originate(r[4], Anycast);

        net.Run();
        SimChecks.SameBestPathsEverywhere(net);
        Assert.True(SimChecks.NoReflectionLoops(net) > 100);
        // Without reflectors no route ever carries reflection attributes.
        Assert.Equal(0, net.LoopedRoutesDelivered);
        Assert.Equal(r[4].RouterId, SimChecks.OriginOf(r[0], r[0].Engine.GetBest(Anycast)!));

        var gone = StopOwn(net, r[3]);
        net.StopOriginating(r[4], Anycast);
        net.Run();
        SimChecks.SameBestPathsEverywhere(net);
        foreach (var p in gone) SimChecks.GoneEverywhere(net, p);
        // The anycast prefix fails over to the other origin.
        Assert.Equal(r[7].RouterId, SimChecks.OriginOf(r[0], r[0].Engine.GetBest(Anycast)!));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void TwoReflectors_FiftyClients_AllAgreeNoLoopsWithdrawalsReachEveryone(int seed)
    {
        var net = new SimNetwork(seed);
        uint cluster = RouterId.Parse("10.255.255.1");
        var rr1 = net.AddSpeaker(As, cluster);
        var rr2 = net.AddSpeaker(As, cluster);
        net.Connect(rr1, rr2);
        var clients = Enumerable.Range(0, 50).Select(_ => net.AddSpeaker(As)).ToArray();
        foreach (var c in clients)
        {
            net.Connect(rr1, c, bIsClientOfA: true);
            net.Connect(rr2, c, bIsClientOfA: true);
        }
        foreach (var c in (SimSpeaker[])[clients[0], clients[10], clients[25], clients[49], rr1]) OriginateOwn(net, c);
        net.Originate(clients[30], Anycast);
        net.Originate(clients[5], Anycast);

        net.Run();
        SimChecks.SameBestPathsEverywhere(net);
        Assert.True(SimChecks.NoReflectionLoops(net) > 1000);
        // Each reflector reflects client routes to the other, which shares the cluster id and drops them:
        // the loop check above is not vacuous.
        Assert.True(net.LoopedRoutesDelivered > 0);

        var gone = StopOwn(net, clients[10]).Concat(StopOwn(net, rr1)).ToArray();
        net.StopOriginating(clients[5], Anycast);
        net.Run();
        SimChecks.SameBestPathsEverywhere(net);
        SimChecks.NoReflectionLoops(net);
        foreach (var p in gone) SimChecks.GoneEverywhere(net, p);

        // A reflector fails: the other one alone keeps every client's view complete.
        net.Disconnect(rr1, rr2);
        foreach (var c in clients) net.Disconnect(rr1, c);
        net.Run();
        SimChecks.SameBestPathsEverywhere(net, except: rr1);
        SimChecks.NoReflectionLoops(net);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ChainThroughTwoClusters_ClientToClient_AllAgreeWithBothClusterIds(int seed)
    {
        var net = new SimNetwork(seed);
        var rr1 = net.AddSpeaker(As, RouterId.Parse("10.255.0.1"));
        var rr2 = net.AddSpeaker(As, RouterId.Parse("10.255.0.2"));
        // The reflectors are ordinary (non-client) iBGP peers of each other.
        net.Connect(rr1, rr2);
        var left = Enumerable.Range(0, 5).Select(_ => net.AddSpeaker(As)).ToArray();
        var right = Enumerable.Range(0, 5).Select(_ => net.AddSpeaker(As)).ToArray();
        foreach (var c in left) net.Connect(rr1, c, bIsClientOfA: true);
        foreach (var c in right) net.Connect(rr2, c, bIsClientOfA: true);
        foreach (var s in (SimSpeaker[])[left[0], left[3], right[1], rr2]) OriginateOwn(net, s);
        net.Originate(left[4], Anycast);
        net.Originate(right[2], Anycast);

        net.Run();
        SimChecks.SameBestPathsEverywhere(net);
        SimChecks.NoReflectionLoops(net);
        // Client to client across the chain: both reflectors on the path, the far one first (RFC 4456 8).
        var far = right[4].Engine.GetBest(V4(left[0].Index, 0))!;
        Assert.Equal([rr2.ClusterId, rr1.ClusterId], far.Attributes.ClusterList.ToArray());
        Assert.Equal(left[0].RouterId, far.Attributes.OriginatorId);
        // A reflector's own route reaches the other cluster's clients reflected once.
        var own = left[1].Engine.GetBest(V4(rr2.Index, 0))!;
        Assert.Equal([rr1.ClusterId], own.Attributes.ClusterList.ToArray());

        var gone = StopOwn(net, left[0]).Concat(StopOwn(net, right[1])).ToArray();
        net.StopOriginating(left[4], Anycast);
        net.Run();
        SimChecks.SameBestPathsEverywhere(net);
        foreach (var p in gone) SimChecks.GoneEverywhere(net, p);
        Assert.Equal(right[2].RouterId, SimChecks.OriginOf(left[0], left[0].Engine.GetBest(Anycast)!));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void EbgpLine_FiveAses_PathGrowsOneAsPerHop(int seed)
    {
        var net = new SimNetwork(seed);
        // The last AS is a 4-octet one, to carry a large ASN along the line.
        uint[] asns = [65001, 65002, 65003, 65004, 4_200_000_005];
        var r = asns.Select(a => net.AddSpeaker(a)).ToArray();
        for (int i = 0; i + 1 < r.Length; i++) net.Connect(r[i], r[i + 1]);
        foreach (int i in (int[])[0, 2, 4]) OriginateOwn(net, r[i]);

        net.Run();
        foreach (int origin in (int[])[0, 2, 4])
            foreach (var prefix in OwnPrefixes(r[origin]))
                for (int j = 0; j < r.Length; j++)
                {
                    var best = r[j].Engine.GetBest(prefix);
                    Assert.True(best is not null, $"{r[j]} has no route to {prefix}");
                    // The path lists the ASes from the next one towards the origin to the origin's own.
                    int step = origin > j ? 1 : -1;
                    var expected = new List<uint>();
                    for (int k = j + step; j != origin && k != origin + step; k += step) expected.Add(asns[k]);
                    Assert.Equal(expected, SimChecks.Asns(best.Attributes.AsPath));
                    Assert.Equal(Math.Abs(origin - j), best.Attributes.AsPath?.DecisionLength ?? 0);
                    Assert.Equal(j == origin, best.IsLocal);
                }

        var gone = StopOwn(net, r[0]);
        net.Run();
        foreach (var p in gone) SimChecks.GoneEverywhere(net, p);
        Assert.NotNull(r[0].Engine.GetBest(V4(r[4].Index, 0)));
    }

    [Fact]
    public void Run_SameSeed_ReplaysTheSameDeliveryOrder()
    {
        (long Hash, long Delivered) RunMesh(int seed)
        {
            var net = new SimNetwork(seed);
            var r = Enumerable.Range(0, 6).Select(_ => net.AddSpeaker(As)).ToArray();
            for (int i = 0; i < r.Length; i++)
                for (int j = i + 1; j < r.Length; j++) net.Connect(r[i], r[j]);
            foreach (var s in r) OriginateOwn(net, s);
            net.Run();
            return (net.TraceHash, net.Delivered);
        }

        Assert.Equal(RunMesh(7), RunMesh(7));
        Assert.NotEqual(RunMesh(7).Hash, RunMesh(8).Hash);
    }
}

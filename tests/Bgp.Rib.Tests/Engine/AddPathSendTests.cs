using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Messages;
using Bgp.Rib.Engine;
using Bgp.Rib.Tests.Export;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Bgp.Rib.Tests.Engine.EngineKit;

namespace Bgp.Rib.Tests.Engine;

/// <summary>
/// ADD-PATH send (RFC 7911) from the engine: what a peer that negotiated sending path ids receives per mode,
/// read back from the wire (decoded with path ids) into a model of the peer's Adj-RIB-In.
/// </summary>
public sealed class AddPathSendTests
{
    private static readonly Prefix P = Prefix.Parse("10.1.0.0/16");
    private const int Target = 9;

    private static RibEngine NewEcmpEngine() =>
        new(new RibEngineSettings(LocalAs, EngineKit.RouterId) { Decision = DecisionOptions.Default with { MaxPaths = 4 } });

    /// <summary>Peer <paramref name="id"/>; ADD-PATH send negotiated for IPv4 unicast unless <paramref name="negotiated"/> is false.</summary>
    private static PeerUp UpAddPath(int id, uint peerAs, AddPathSendMode mode, int max = 1, bool negotiated = true)
    {
        var up = Up(id, peerAs, AcceptAll with { AddPathSend = mode, AddPathMaxPaths = max });
        if (!negotiated) return up;
        var codec = up.Facts.CodecOptions with { AddPathSend = [AfiSafi.Ipv4Unicast], AddPathReceive = [AfiSafi.Ipv4Unicast] };
        return up with { Facts = up.Facts with { CodecOptions = codec } };
    }

    private static UpdateMessage From(string nextHop, params uint[] asns) => Announce("10.1.0.0/16", Attrs(nextHop, asns));

    /// <summary>Applies drained UPDATEs to a model of the peer's Adj-RIB-In keyed by (prefix, path id).</summary>
    private static void Apply(Dictionary<Nlri, PathAttributes> view, List<UpdateMessage> updates)
    {
        foreach (var u in updates)
        {
            foreach (var w in ExportKit.Withdrawn(u)) Assert.True(view.Remove(w), $"withdrawal of {w} never announced");
            foreach (var a in ExportKit.Announced(u)) view[a] = u.Attributes;
        }
    }

    private static Dictionary<Nlri, PathAttributes> Received(RibEngine e, Dictionary<Nlri, PathAttributes>? view = null)
    {
        view ??= [];
        Apply(view, DrainRoutes(e, Target));
        return view;
    }

    private static IPAddress Ip(string s) => IPAddress.Parse(s);

    /// <summary>Three eBGP paths to P: .1 and .2 equal (an ECMP pair), .3 one AS longer.</summary>
    private static void ThreePaths(RibEngine e)
    {
        for (int id = 1; id <= 3; id++) e.Execute(Up(id, 65001));
        e.Execute(new UpdateReceived(1, From("192.0.2.1", 65001)));
        e.Execute(new UpdateReceived(2, From("192.0.2.2", 65001)));
        e.Execute(new UpdateReceived(3, From("192.0.2.3", 65001, 65010)));
    }

    private static uint IdOf(Dictionary<Nlri, PathAttributes> view, string nextHop) =>
        view.Single(kv => Ip(nextHop).Equals(kv.Value.NextHop)).Key.PathId;

    [Fact]
    public void All_ThreePaths_PeerGetsEveryPathWithDistinctIds()
    {
        var e = NewEngine();
        ThreePaths(e);
        e.Execute(UpAddPath(Target, LocalAs, AddPathSendMode.All));

        var view = Received(e);
        Assert.Equal(3, view.Count);
        Assert.All(view.Keys, k => Assert.Equal(P, k.Prefix));
        Assert.Equal(3, view.Keys.Select(k => k.PathId).Distinct().Count());
        Assert.DoesNotContain(view.Keys, k => k.PathId == 0);
        Assert.Equal(["192.0.2.1", "192.0.2.2", "192.0.2.3"], view.Values.Select(a => a.NextHop!.ToString()).Order());
    }

    [Fact]
    public void All_NonBestPathLeaves_OnlyItsIdWithdrawn()
    {
        var e = NewEngine();
        e.Execute(UpAddPath(Target, LocalAs, AddPathSendMode.All));
        ThreePaths(e);
        var view = Received(e);
        uint third = IdOf(view, "192.0.2.3");
        uint first = IdOf(view, "192.0.2.1");

        // Peer 3's path is not best: only the candidate change reports it.
        e.Execute(new UpdateReceived(3, WithdrawOf("10.1.0.0/16")));
        var u = Assert.Single(DrainRoutes(e, Target));
        Assert.Empty(ExportKit.Announced(u));
        Assert.Equal(new Nlri(P, third), Assert.Single(ExportKit.Withdrawn(u)));

        // A path that stays keeps its id when its attributes change (an implicit replace, no withdrawal).
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001) with { MultiExitDisc = 7 })));
        var replaced = Assert.Single(DrainRoutes(e, Target));
        Assert.Empty(ExportKit.Withdrawn(replaced));
        Assert.Equal(new Nlri(P, first), Assert.Single(ExportKit.Announced(replaced)));
        Assert.Equal(7u, replaced.Attributes.MultiExitDisc);
    }

    [Fact]
    public void BestN_Two_SendsTheTwoBestAndRefillsWhenOneGoes()
    {
        var e = NewEngine();
        e.Execute(UpAddPath(Target, LocalAs, AddPathSendMode.BestN, max: 2));
        ThreePaths(e);
        var view = Received(e);
        Assert.Equal(["192.0.2.1", "192.0.2.2"], view.Values.Select(a => a.NextHop!.ToString()).Order());

        e.Execute(new UpdateReceived(1, WithdrawOf("10.1.0.0/16")));
        Received(e, view);
        Assert.Equal(["192.0.2.2", "192.0.2.3"], view.Values.Select(a => a.NextHop!.ToString()).Order());
    }

    [Fact]
    public void Ecmp_MultipathSetChanges_PeerHasExactlyTheSet()
    {
        var e = NewEcmpEngine();
        e.Execute(UpAddPath(Target, LocalAs, AddPathSendMode.Ecmp));
        ThreePaths(e);
        var view = Received(e);
        Assert.Equal(["192.0.2.1", "192.0.2.2"], view.Values.Select(a => a.NextHop!.ToString()).Order());

        // A better path (shorter AS_PATH from another peer) makes a set of one: the pair is withdrawn by id.
        e.Execute(Up(4, 65004));
        e.Execute(new UpdateReceived(4, Announce("10.1.0.0/16", Attrs("192.0.2.4") with { AsPath = AsPath.Empty })));
        Received(e, view);
        var only = Assert.Single(view);
        Assert.Equal(Ip("192.0.2.4"), only.Value.NextHop);
    }

    [Theory]
    [InlineData(false, AddPathSendMode.All)]
    [InlineData(true, AddPathSendMode.None)]
    public void WithoutAddPathSend_ThreePaths_OnlyTheBestWithIdZero(bool negotiated, AddPathSendMode mode)
    {
        var e = NewEngine();
        e.Execute(UpAddPath(Target, LocalAs, mode, negotiated: negotiated));
        ThreePaths(e);
        var view = Received(e);
        var best = Assert.Single(view);
        Assert.Equal(new Nlri(P, 0), best.Key);
        Assert.Equal(e.GetBest(P)!.NextHop, best.Value.NextHop);
    }

    [Fact]
    public void All_ExportRulesPerPath_OwnAndIbgpNonClientPathsNotSent()
    {
        var e = NewEngine();
        ThreePaths(e);
        e.Execute(Up(5, LocalAs));
        e.Execute(new UpdateReceived(5, Announce("10.1.0.0/16", Attrs("192.0.2.5", 65020) with { LocalPref = 50 })));
        e.Execute(UpAddPath(Target, LocalAs, AddPathSendMode.All));
        e.Execute(new UpdateReceived(Target, Announce("10.1.0.0/16", Attrs("192.0.2.9", 65030) with { LocalPref = 10 })));

        var view = Received(e);
        // Split horizon (its own path) and RFC 4271 9.2 (iBGP to iBGP), path by path.
        Assert.Equal(["192.0.2.1", "192.0.2.2", "192.0.2.3"], view.Values.Select(a => a.NextHop!.ToString()).Order());
    }

    [Fact]
    public void All_ReflectorClientTarget_GetsIbgpNonClientPathToo()
    {
        var e = NewEngine();
        ThreePaths(e);
        e.Execute(Up(5, LocalAs));
        e.Execute(new UpdateReceived(5, Announce("10.1.0.0/16", Attrs("192.0.2.5", 65020) with { LocalPref = 50 })));
        var up = UpAddPath(Target, LocalAs, AddPathSendMode.All);
        e.Execute(up with { Options = up.Options with { IsReflectorClient = true } });

        var view = Received(e);
        Assert.Equal(4, view.Count);
        var reflected = view.Values.Single(a => Ip("192.0.2.5").Equals(a.NextHop));
        Assert.Equal(Bgp.Protocol.RouterId.Parse("10.0.0.6"), reflected.OriginatorId);
    }

    private static readonly Gen<(int Seed, int Steps, AddPathSendMode Mode, int Max)> Runs =
        from seed in Gen.Choose(0, int.MaxValue - 1)
        from steps in Gen.Choose(1, 120)
        from mode in Gen.Elements(AddPathSendMode.All, AddPathSendMode.BestN, AddPathSendMode.Ecmp)
        from max in Gen.Choose(1, 3)
        select (seed, steps, mode, max);

    [Property(MaxTest = 150)]
    public Property AnySequence_PeerAdjRibOut_MatchesWhatTheModeSelectsFromLocRib() =>
        Prop.ForAll(Runs.ToArbitrary(), run =>
        {
            var random = new Random(run.Seed);
            var e = NewEcmpEngine();
            var prefixes = new[] { "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/24" };
            // Sources: three eBGP peers (two in the same AS so ECMP sets form) and the target itself.
            uint[] asOf = [0, 65001, 65001, 65003];
            for (int id = 1; id <= 3; id++) e.Execute(Up(id, asOf[id]));
            int upAt = random.Next(run.Steps);
            Dictionary<Nlri, PathAttributes> view = [];
            for (int step = 0; step < run.Steps; step++)
            {
                if (step == upAt) e.Execute(UpAddPath(Target, LocalAs, run.Mode, run.Max));
                int peer = random.Next(5) == 0 ? Target : random.Next(1, 4);
                if (!e.IsPeerUp(peer)) continue;
                string prefix = prefixes[random.Next(prefixes.Length)];
                int r = random.Next(10);
                if (r == 0 && peer != Target)
                {
                    e.Execute(new PeerDown(peer));
                    e.Execute(Up(peer, asOf[peer]));
                }
                else if (r < 4) e.Execute(new UpdateReceived(peer, WithdrawOf(prefix)));
                else
                {
                    uint[] path = random.Next(3) switch { 0 => [asOf[Math.Min(peer, 3)]], 1 => [asOf[Math.Min(peer, 3)], 65100], _ => [asOf[Math.Min(peer, 3)], 65100, 65200] };
                    var attrs = Attrs($"192.0.2.{peer}", peer == Target ? [65300] : path) with { MultiExitDisc = (uint)random.Next(2) };
                    e.Execute(new UpdateReceived(peer, Announce(prefix, attrs)));
                }
                if (e.IsPeerUp(Target) && random.Next(3) == 0) Received(e, view);
            }
            Received(e, view);

            // What the mode says, from the Loc-RIB as it is now; the target's own paths never go back to it.
            var expected = new Dictionary<Nlri, (IPAddress?, AsPath?, uint?)>();
            foreach (var s in prefixes)
            {
                var prefix = Prefix.Parse(s);
                var paths = new List<RibPath>();
                switch (run.Mode)
                {
                    case AddPathSendMode.All: e.Rib.Ipv4.GetCandidates(prefix, paths); break;
                    case AddPathSendMode.Ecmp: e.Rib.Ipv4.GetMultipath(prefix, paths); break;
                    default:
                        e.Rib.Ipv4.GetRanked(prefix, paths);
                        if (paths.Count > 0) Assert.Equal(e.GetBest(prefix)!.PeerId, paths[0].PeerId);
                        break;
                }
                paths.RemoveAll(p => p.PeerId == Target);
                if (run.Mode == AddPathSendMode.BestN && paths.Count > run.Max) paths.RemoveRange(run.Max, paths.Count - run.Max);
                foreach (var p in paths)
                {
                    var a = p.Attributes.Attributes;
                    expected.Add(new Nlri(prefix, p.LocalPathId), (a.NextHop, a.AsPath, a.MultiExitDisc));
                }
            }
            var actual = view.ToDictionary(kv => kv.Key, kv => (kv.Value.NextHop, kv.Value.AsPath, kv.Value.MultiExitDisc));
            Assert.Equal(expected.OrderBy(kv => kv.Key.ToString()), actual.OrderBy(kv => kv.Key.ToString()));
        });
}

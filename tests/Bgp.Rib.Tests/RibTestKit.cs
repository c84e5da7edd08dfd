using System.Collections.Immutable;
using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Testing.Rib;
using FsCheck;
using FsCheck.Fluent;

namespace Bgp.Rib.Tests;

/// <summary>Short ways to make peers, attribute sets and RIBs in tests.</summary>
internal static class RibTestKit
{
    public static readonly Prefix P = Prefix.Parse("10.0.0.0/24");

    public static RibPeer Peer(int id, string address, uint remoteAs, string bgpId, bool internalPeer = false) =>
        new(id, IPAddress.Parse(address), remoteAs, RouterId.Parse(bgpId), internalPeer);

    public static RibPeer ToPeer(this RibPeerSpec s) => new(s.Id, IPAddress.Parse(s.Address), s.RemoteAs, s.BgpId, s.IsInternal);

    public static AsPath Path(params uint[] asns) => AsPath.FromSequence(asns);

    /// <summary>A Rib with eBGP peers 1..<paramref name="peers"/> (10.0.0.i, AS 65000 + i), for the storage properties.</summary>
    public static Rib RibWithPeers(int peers)
    {
        var rib = new Rib();
        for (int i = 1; i <= peers; i++) rib.AddPeer(Peer(i, $"10.0.0.{i}", 65000 + (uint)i, $"{i}.0.0.1"));
        return rib;
    }

    /// <summary>A seed for a run's Random and a run length in [<paramref name="min"/>, <paramref name="max"/>], for the storage properties.</summary>
    public static Gen<(int Seed, int Count)> SeededRuns(int min, int max) =>
        from seed in Gen.Choose(0, int.MaxValue - 1)
        from count in Gen.Choose(min, max)
        select (seed, count);

    public static AsPath Segments(params AsPathSegment[] segments) => new([.. segments]);

    public static AsPathSegment Seq(params uint[] asns) => new(AsPathSegmentType.AsSequence, [.. asns]);
    public static AsPathSegment Set(params uint[] asns) => new(AsPathSegmentType.AsSet, [.. asns]);
    public static AsPathSegment ConfedSeq(params uint[] asns) => new(AsPathSegmentType.AsConfedSequence, [.. asns]);

    public static PathAttributes Attrs(
        AsPath? path = null, uint? localPref = null, Origin origin = Origin.Igp, uint? med = null,
        string nextHop = "192.0.2.1", string? originatorId = null, int clusterListLength = 0) =>
        new()
        {
            Origin = origin,
            AsPath = path ?? Path(65001, 65100),
            NextHop = IPAddress.Parse(nextHop),
            LocalPref = localPref,
            MultiExitDisc = med,
            OriginatorId = originatorId is null ? null : RouterId.Parse(originatorId),
            ClusterList = [.. Enumerable.Range(1, clusterListLength).Select(i => (uint)i)],
        };

    public static Rib RibFor(RibScenario scenario, DecisionOptions options)
    {
        var nextHops = new NextHopTable();
        foreach (var (address, state) in scenario.NextHops)
            nextHops.Set(IPAddress.Parse(address), new NextHopState(state.Reachable, state.Cost));
        var rib = new Rib(options, nextHops);
        foreach (var p in scenario.Peers) rib.AddPeer(p.ToPeer());
        return rib;
    }

    public static RibChange Apply(this Rib rib, RibOp op) =>
        op.IsWithdraw ? rib.Withdraw(op.PeerId, new Nlri(op.Prefix, op.PathId))
                      : rib.Announce(op.PeerId, new Nlri(op.Prefix, op.PathId), op.Attributes!);

    /// <summary>What a prefix looks like from outside: best path, multipath set, and every candidate's outcome, order-free.</summary>
    public static string Outcome(this Rib rib, Prefix prefix)
    {
        var e = rib.Explain(prefix);
        if (e is null) return "absent";
        var best = e.Best is { } b ? $"{b.Path.PeerId}/{b.Path.PathId}" : "none";
        var rows = e.Paths
            .Select(x => $"{x.Path.PeerId}/{x.Path.PathId}:{x.LostAt}{(x.InMultipath ? "*" : "")}")
            .Order(StringComparer.Ordinal);
        return $"best {best} [{string.Join(' ', rows)}]";
    }

    /// <summary>An attribute set by value (hash codes collide: a missing MED and MED 0 hash alike).</summary>
    public static string Describe(RouteAttributes a)
    {
        var x = a.Attributes;
        return $"lp={x.LocalPref?.ToString() ?? "-"} path={x.AsPath} o={x.Origin} med={x.MultiExitDisc?.ToString() ?? "-"} nh={a.NextHop} orig={x.OriginatorId?.ToString() ?? "-"} cl={x.ClusterList.Length}";
    }

    public static string[] MultipathKeys(this Rib rib, Prefix prefix)
    {
        var list = new List<RibPath>();
        rib.Table(prefix).GetMultipath(prefix, list);
        return [.. list.Select(p => $"{p.PeerId}/{p.PathId}/{Describe(p.Attributes)}").Order(StringComparer.Ordinal)];
    }
}

using Bgp.Protocol;
using Bgp.Rib;
using Bgp.Rib.Engine;

namespace Bgp.Daemon.Api;

/// <summary>
/// What ListRoutes asks for, and the read that answers it on the RIB loop. The read copies rows (a walk of
/// the best paths, filtered by family and prefix) and leaves the formatting to the caller's thread.
/// </summary>
internal sealed record RouteQuery
{
    public RouteTable Table { get; init; }
    /// <summary>The RIB peer id for ADJ_IN / ADJ_OUT, or the LOC filter; null: every peer.</summary>
    public int? PeerId { get; init; }
    public Protocol.Afi? Afi { get; init; }
    public Prefix? Prefix { get; init; }
    public PrefixMatchKind Match { get; init; }
    public bool AllPaths { get; init; }

    public enum RouteTable { Loc, AdjIn, AdjOut }

    public enum PrefixMatchKind { Exact, Longer, Shorter }

    public bool Matches(Prefix candidate)
    {
        if (Afi is { } afi && candidate.Afi != afi) return false;
        if (Prefix is not { } wanted) return true;
        return Match switch
        {
            PrefixMatchKind.Longer => wanted.Contains(candidate),
            PrefixMatchKind.Shorter => candidate.Contains(wanted),
            _ => candidate == wanted,
        };
    }

    /// <summary>Runs on the RIB loop.</summary>
    public List<RouteRow> Read(RibEngine engine)
    {
        var rows = new List<RouteRow>();
        var best = new List<RibPath>();
        var scratch = new List<RibPath>();
        var multipath = new List<RibPath>();
        foreach (var afi in (ReadOnlySpan<Protocol.Afi>)[Protocol.Afi.Ipv4, Protocol.Afi.Ipv6])
        {
            if (Afi is { } only && only != afi) continue;
            var table = engine.Rib.Table(afi);
            if (Table == RouteTable.AdjIn)
            {
                foreach (var path in table.AdjRibIn(PeerId!.Value))
                {
                    if (!Matches(path.Prefix)) continue;
                    bool isBest = table.TryGetBest(path.Prefix, out var b) && b.PeerId == path.PeerId && b.PathId == path.PathId;
                    rows.Add(Row(engine, path, isBest, false));
                }
                continue;
            }
            best.Clear();
            table.CopyBestPaths(best);
            foreach (var b in best)
            {
                if (!Matches(b.Prefix)) continue;
                if (Table == RouteTable.AdjOut)
                {
                    // Only the best path is exported (path id 0): what the peer has from us for the prefix.
                    if (engine.AdjRibOut(PeerId!.Value) is { } adjOut && adjOut.TryGetSent(new Nlri(b.Prefix), out var sent))
                        rows.Add(new RouteRow(b.Prefix, 0, sent.Attributes, sent.NextHop, PeerName(engine, PeerId.Value), false, false));
                    continue;
                }
                multipath.Clear();
                int width = table.GetMultipath(b.Prefix, multipath);
                if (!AllPaths)
                {
                    if (PeerId is null || b.PeerId == PeerId) rows.Add(Row(engine, b, true, width > 1));
                    continue;
                }
                scratch.Clear();
                table.GetCandidates(b.Prefix, scratch);
                // Best first, then the others in the RIB's order.
                if (PeerId is null || b.PeerId == PeerId) rows.Add(Row(engine, b, true, width > 1));
                foreach (var p in scratch)
                {
                    if (p.PeerId == b.PeerId && p.PathId == b.PathId) continue;
                    if (PeerId is { } id && p.PeerId != id) continue;
                    rows.Add(Row(engine, p, false, width > 1 && InSet(multipath, p)));
                }
            }
        }
        return rows;
    }

    private static bool InSet(List<RibPath> set, RibPath path)
    {
        foreach (var p in set)
            if (p.PeerId == path.PeerId && p.PathId == path.PathId) return true;
        return false;
    }

    private static RouteRow Row(RibEngine engine, RibPath path, bool best, bool multipath) =>
        new(path.Prefix, path.PathId, path.Attributes.Attributes, path.Attributes.NextHop, PeerName(engine, path.PeerId), best, multipath);

    public static string PeerName(RibEngine engine, int peerId)
    {
        if (peerId == RibEngine.LocalPeerId) return ApiConvert.LocalPeer;
        return engine.Rib.Peers.TryGet(peerId, out var peer) ? peer.Address.ToString() : peerId.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

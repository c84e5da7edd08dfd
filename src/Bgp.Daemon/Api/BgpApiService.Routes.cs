using Bgp.Protocol;
using Bgp.Rib;
using Grpc.Core;
using V1 = Bgp.Api.V1;

namespace Bgp.Daemon.Api;

/// <summary>Routes and events: ListRoutes, ExplainPrefix, WatchEvents.</summary>
internal sealed partial class BgpApiService
{
    public override async Task ListRoutes(V1.ListRoutesRequest request, IServerStreamWriter<V1.Route> responseStream, ServerCallContext context)
    {
        var table = request.Table switch
        {
            V1.Table.Unspecified or V1.Table.Loc => RouteQuery.RouteTable.Loc,
            V1.Table.AdjIn => RouteQuery.RouteTable.AdjIn,
            V1.Table.AdjOut => RouteQuery.RouteTable.AdjOut,
            _ => throw PeerConfigMapper.Invalid("table", $"unknown table {(int)request.Table}"),
        };
        int? peerId = null;
        if (request.PeerAddress.Length > 0)
        {
            var address = ParseAddress(request.PeerAddress, "peer_address");
            if (daemon.FindSession(address) is null) throw new RpcException(new Status(StatusCode.NotFound, $"peer_address: no peer {address} is configured"));
            peerId = daemon.RibPeerIdOf(address);
            // A peer that is down has empty Adj-RIBs; -1 matches no path.
            peerId ??= -1;
        }
        else if (table != RouteQuery.RouteTable.Loc)
        {
            throw PeerConfigMapper.Invalid("peer_address", $"is required for {request.Table}");
        }
        Afi? afi = request.Family switch
        {
            V1.Family.Unspecified => null,
            V1.Family.Ipv4 => Afi.Ipv4,
            V1.Family.Ipv6 => Afi.Ipv6,
            _ => throw PeerConfigMapper.Invalid("family", $"unknown family {(int)request.Family}"),
        };
        Prefix? prefix = request.Prefix.Length > 0 ? ParsePrefix(request.Prefix, "prefix") : null;
        if (prefix is { } p && afi is { } a && p.Afi != a) throw PeerConfigMapper.Invalid("prefix", $"{p} is not in family {request.Family}");
        var match = request.Match switch
        {
            V1.PrefixMatch.Unspecified or V1.PrefixMatch.Exact => RouteQuery.PrefixMatchKind.Exact,
            V1.PrefixMatch.Longer => RouteQuery.PrefixMatchKind.Longer,
            V1.PrefixMatch.Shorter => RouteQuery.PrefixMatchKind.Shorter,
            _ => throw PeerConfigMapper.Invalid("match", $"unknown match {(int)request.Match}"),
        };
        var query = new RouteQuery { Table = table, PeerId = peerId, Afi = afi, Prefix = prefix, Match = match, AllPaths = request.AllPaths };
        if (peerId == -1) return;
        var rows = await daemon.Rib.ReadAsync(query.Read, context.CancellationToken).ConfigureAwait(false);
        foreach (var row in rows) await responseStream.WriteAsync(row.ToApi(), context.CancellationToken).ConfigureAwait(false);
    }

    public override async Task<V1.ExplainPrefixResponse> ExplainPrefix(V1.ExplainPrefixRequest request, ServerCallContext context)
    {
        var prefix = ParsePrefix(request.Prefix, "prefix");
        var rows = await daemon.Rib.ReadAsync(engine =>
        {
            var explanation = engine.Explain(prefix);
            var list = new List<(RouteRow Row, DecisionStep Step)>();
            if (explanation is null) return list;
            foreach (var path in explanation.Paths)
            {
                var p = path.Path;
                list.Add((new RouteRow(p.Prefix, p.PathId, p.Attributes.Attributes, p.Attributes.NextHop, RouteQuery.PeerName(engine, p.PeerId),
                    path.IsBest, path.InMultipath), path.LostAt));
            }
            return list;
        }, context.CancellationToken).ConfigureAwait(false);
        if (rows.Count == 0) throw new RpcException(new Status(StatusCode.NotFound, $"prefix: {prefix} is not in the RIB"));
        var response = new V1.ExplainPrefixResponse { Prefix = prefix.ToString() };
        var best = rows[0].Row.Best ? rows[0].Row : (RouteRow?)null;
        foreach (var (row, step) in rows)
            response.Paths.Add(new V1.PathVerdict
            {
                Route = row.ToApi(),
                Best = row.Best,
                DecidedBy = row.Best ? "" : ApiConvert.DecidedBy(step),
                Reason = row.Best ? "best path" : Reason(step, row, best),
            });
        return response;
    }

    /// <summary>Human text for the step that ruled <paramref name="row"/> out against the best path.</summary>
    private static string Reason(DecisionStep step, RouteRow row, RouteRow? best)
    {
        var a = row.Attributes;
        var b = best?.Attributes;
        return step switch
        {
            DecisionStep.NextHopUnreachable => $"NEXT_HOP {row.NextHop} is unreachable",
            DecisionStep.LocalPref => $"LOCAL_PREF {a.LocalPref?.ToString() ?? "none"} < {b?.LocalPref?.ToString() ?? "none"}",
            DecisionStep.AsPathLength => $"AS_PATH length {a.AsPath?.DecisionLength ?? 0} > {b?.AsPath?.DecisionLength ?? 0}",
            DecisionStep.Origin => $"ORIGIN {a.Origin} worse than {b?.Origin}",
            DecisionStep.Med => $"MED {a.MultiExitDisc?.ToString() ?? "none"} > {b?.MultiExitDisc?.ToString() ?? "none"}",
            DecisionStep.ExternalOverInternal => "learned over iBGP; an eBGP path exists",
            DecisionStep.IgpCost => "higher IGP cost to the next hop",
            DecisionStep.OldestExternal => "a newer eBGP path than the best one (RFC 5004)",
            DecisionStep.RouterId => "higher router id (or ORIGINATOR_ID)",
            DecisionStep.ClusterListLength => $"CLUSTER_LIST length {a.ClusterList.Length} > {b?.ClusterList.Length ?? 0}",
            DecisionStep.PeerAddress => $"higher peer address {row.Peer}",
            DecisionStep.PathId => "higher ADD-PATH path identifier",
            DecisionStep.PeerId => "tie-break between peers sharing an address",
            _ => step.ToString(),
        };
    }

    public override async Task WatchEvents(V1.WatchEventsRequest request, IServerStreamWriter<V1.WatchEventsResponse> responseStream, ServerCallContext context)
    {
        bool both = !request.Peers && !request.BestPaths;
        bool peers = both || request.Peers;
        var watcher = daemon.Events.Subscribe(peers, both || request.BestPaths);
        try
        {
            if (request.InitialState && peers)
            {
                var now = ApiConvert.Time(TimeProvider.System.GetUtcNow());
                foreach (var s in daemon.Speaker.Peers)
                {
                    var state = s.State;
                    await responseStream.WriteAsync(new V1.WatchEventsResponse { At = now, Peer = ApiEvents.PeerEvent(s, state, state, null) },
                        context.CancellationToken).ConfigureAwait(false);
                }
            }
            await foreach (var e in watcher.Reader.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
                await responseStream.WriteAsync(e, context.CancellationToken).ConfigureAwait(false);
            if (watcher.Overflowed)
                throw new RpcException(new Status(StatusCode.ResourceExhausted,
                    $"the watch fell more than {EventWatcher.Capacity} events behind and was closed; watch again with initial_state"));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            daemon.Events.Unsubscribe(watcher);
        }
    }
}

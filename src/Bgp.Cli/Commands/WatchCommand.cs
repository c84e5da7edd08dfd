using Bgp.Api.V1;
using Bgp.Cli.Api;
using Bgp.Cli.Json;
using Bgp.Cli.Output;
using Grpc.Core;

namespace Bgp.Cli.Commands;

/// <summary>
/// <c>bgpctl watch</c>: peer state changes and best-path changes, one line per event as they happen, until
/// Ctrl+C (exit 0) or bgpd ends the stream. Each line is flushed at once so that a pipe sees it live.
/// </summary>
internal static class WatchCommand
{
    public static readonly CommandSpec Spec = new(
        "watch", "", "print peer state and best-path changes as they happen (until Ctrl+C)",
        [
            new("--peers", null, "peer state changes only"),
            new("--routes", null, "best-path changes only"),
            new("--initial", null, "first one event per peer with its current state"),
        ],
        0, 0, RunAsync);

    private static async Task<int> RunAsync(ApiInvocation call)
    {
        var request = new WatchEventsRequest
        {
            Peers = call.Args.Has("--peers"),
            BestPaths = call.Args.Has("--routes"),
            InitialState = call.Args.Has("--initial"),
        };
        var ct = call.Context.Cancellation;
        using var stream = call.Client.WatchEvents(request, call.Stream());
        using var lines = new JsonLineWriter(call.Out);
        try
        {
            while (await stream.ResponseStream.MoveNext(ct))
            {
                var e = stream.ResponseStream.Current;
                if (call.Json)
                {
                    EventJsonWriter.Write(lines.Begin(), e);
                    lines.End();
                }
                else
                {
                    call.Out.WriteLine(Describe(e));
                }
                await call.Out.FlushAsync(ct);
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested)
        {
            // Ctrl+C is how a watch ends.
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        return ExitCodes.Ok;
    }

    internal static string Describe(WatchEventsResponse e)
    {
        string at = ApiText.Time(e.At) ?? "-";
        switch (e.EventCase)
        {
            case WatchEventsResponse.EventOneofCase.Peer:
            {
                var p = e.Peer;
                string reason = p.Reason.Length > 0 ? $" ({p.Reason})" : "";
                return $"{at} peer {p.PeerAddress} AS{ApiText.Number(p.Asn)} {ApiText.State(p.From)} -> {ApiText.State(p.To)}{reason}";
            }
            case WatchEventsResponse.EventOneofCase.BestPath:
            {
                var b = e.BestPath;
                if (b.Withdrawn || b.Best is null) return $"{at} withdrawn {b.Prefix}";
                var r = b.Best;
                return $"{at} best {b.Prefix} via {RoutesCommand.NextHop(r)} from {r.Peer} [{r.AsPath}] {ApiText.Origin(r.Origin) ?? "?"}";
            }
            default:
                return $"{at} unknown event";
        }
    }
}

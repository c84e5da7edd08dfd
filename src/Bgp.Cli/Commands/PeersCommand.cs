using Bgp.Api.V1;
using Bgp.Cli.Api;
using Bgp.Cli.Json;
using Bgp.Cli.Output;

namespace Bgp.Cli.Commands;

/// <summary><c>bgpctl peers</c>: every configured peer, one line each like <c>birdc show protocols</c>, or one JSON array.</summary>
internal static class PeersCommand
{
    public static readonly CommandSpec Spec = new(
        "peers", "", "list every peer with state, uptime and prefix counts", [], 0, 0, RunAsync);

    private static readonly TableColumn[] Columns =
    [
        new("PEER"), new("AS", RightAligned: true), new("STATE"), new("UPTIME", RightAligned: true),
        new("RECEIVED", RightAligned: true), new("ACCEPTED", RightAligned: true), new("ADVERTISED", RightAligned: true), new("INFO"),
    ];

    private static async Task<int> RunAsync(ApiInvocation call)
    {
        var response = await call.Client.ListPeersAsync(new ListPeersRequest(), call.Unary());
        if (call.Json)
        {
            using var lines = new JsonLineWriter(call.Out);
            var json = lines.Begin();
            json.WriteStartArray();
            foreach (var peer in response.Peers) PeerJsonWriter.Write(json, peer);
            json.WriteEndArray();
            lines.End();
            return ExitCodes.Ok;
        }
        var table = new TextTable(call.Out, Columns);
        foreach (var peer in response.Peers)
        {
            var c = peer.Counters ?? new PeerCounters();
            table.AddRow(
                peer.Address, ApiText.Number(peer.Asn), ApiText.State(peer.State),
                peer.State == SessionState.Established ? ApiText.Duration(peer.UptimeSeconds) : "-",
                ApiText.Number(c.PrefixesReceived), ApiText.Number(c.PrefixesAccepted), ApiText.Number(c.PrefixesAdvertised),
                Info(peer));
        }
        table.Complete();
        return ExitCodes.Ok;
    }

    /// <summary>What a reader wants next to the state: disabled, the last error while down, else the description.</summary>
    internal static string Info(Peer peer)
    {
        var parts = new List<string>(3);
        if (!peer.Enabled) parts.Add("disabled");
        if (peer.State != SessionState.Established && peer.LastError is { Text.Length: > 0 } e) parts.Add(e.Text);
        if (peer.Config is { Description.Length: > 0 } config) parts.Add(config.Description);
        return string.Join("; ", parts);
    }
}

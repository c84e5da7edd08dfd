using Bgp.Api.V1;
using Bgp.Cli.Api;
using Bgp.Cli.Arguments;
using Bgp.Cli.Json;
using Bgp.Cli.Output;

namespace Bgp.Cli.Commands;

/// <summary><c>bgpctl peer ADDR</c>: one peer in full (configuration, negotiated capabilities, counters, last error).</summary>
internal static class PeerCommand
{
    public static readonly CommandSpec Spec = new(
        "peer", "ADDR", "show one peer in detail", [], 1, 1, RunAsync);

    private static async Task<int> RunAsync(ApiInvocation call)
    {
        string address = ArgValues.Address(call.Args.Positional(0)!);
        var response = await call.Client.GetPeerAsync(new GetPeerRequest { PeerAddress = address }, call.Unary());
        var peer = response.Peer ?? new Peer { Address = address };
        if (call.Json)
        {
            using var lines = new JsonLineWriter(call.Out);
            PeerJsonWriter.Write(lines.Begin(), peer);
            lines.End();
            return ExitCodes.Ok;
        }
        Describe(peer, call.Out);
        return ExitCodes.Ok;
    }

    internal static void Describe(Peer peer, TextWriter output)
    {
        var c = peer.Counters ?? new PeerCounters();
        var config = peer.Config ?? new PeerConfig();
        output.WriteLine($"peer {peer.Address} AS{ApiText.Number(peer.Asn)} ({(peer.IsInternal ? "iBGP" : "eBGP")})");
        var block = new KeyValueBlock();
        if (config.Description.Length > 0) block.Add("Description", config.Description);
        string since = ApiText.Time(peer.StateSince) is { } at ? $" since {at}" : "";
        string up = peer.State == SessionState.Established ? $" (up {ApiText.Duration(peer.UptimeSeconds)})" : "";
        block.Add("State", ApiText.State(peer.State) + since + up);
        block.Add("Enabled", ApiText.YesNo(peer.Enabled));
        if (peer.LastError is { } e)
        {
            string when = ApiText.Time(e.At) is { } t ? $" at {t}" : "";
            block.Add("Last error", e.Text + when);
            if (e.ShutdownCommunication.Length > 0) block.Add("Shutdown message", e.ShutdownCommunication);
        }
        block.Add("Prefixes", $"{ApiText.Number(c.PrefixesReceived)} received, {ApiText.Number(c.PrefixesAccepted)} accepted, {ApiText.Number(c.PrefixesAdvertised)} advertised");
        block.Add("Messages in", $"{ApiText.Number(c.MessagesIn)} (updates {ApiText.Number(c.UpdatesIn)}, notifications {ApiText.Number(c.NotificationsIn)}, keepalives {ApiText.Number(c.KeepalivesIn)}, route-refresh {ApiText.Number(c.RouteRefreshesIn)})");
        block.Add("Messages out", $"{ApiText.Number(c.MessagesOut)} (updates {ApiText.Number(c.UpdatesOut)}, notifications {ApiText.Number(c.NotificationsOut)}, keepalives {ApiText.Number(c.KeepalivesOut)}, route-refresh {ApiText.Number(c.RouteRefreshesOut)})");
        block.Add("Established", $"{ApiText.Number(c.EstablishedTransitions)} times");
        if (peer.Negotiated is { } n)
        {
            block.Add("Negotiated", null);
            block.Add("Hold time", $"{ApiText.Number(n.HoldTime)} s (keepalive {ApiText.Number(n.KeepaliveTime)} s)", 2);
            block.Add("Peer router id", n.PeerRouterId, 2);
            block.Add("Families", ApiText.Families(n.Families), 2);
            var features = new List<string>();
            if (n.FourOctetAs) features.Add("4-octet-as");
            if (n.RouteRefresh) features.Add("route-refresh");
            if (n.EnhancedRouteRefresh) features.Add("enhanced-route-refresh");
            if (n.ExtendedMessage) features.Add("extended-message");
            if (n.GracefulRestart) features.Add("graceful-restart");
            block.Add("Capabilities", ApiText.Words(features), 2);
            if (n.AddPathSend.Count > 0 || n.AddPathReceive.Count > 0)
                block.Add("ADD-PATH", $"send {ApiText.Families(n.AddPathSend)}, receive {ApiText.Families(n.AddPathReceive)}", 2);
            block.Add("Peer sent", ApiText.Words(n.PeerCapabilities), 2);
            block.Add("Connection", $"{n.LocalAddress}:{ApiText.Number(n.LocalPort)} -> {peer.Address}:{ApiText.Number(n.RemotePort)}", 2);
        }
        block.Add("Configuration", null);
        block.Add("Peer IP", config.PeerIp, 2);
        block.Add("Families", ApiText.Families(config.Families), 2);
        block.Add("Hold time", config.HoldTime == 0 ? "default" : $"{ApiText.Number(config.HoldTime)} s", 2);
        block.Add("Import filter", config.ImportFilter.Length > 0 ? config.ImportFilter : "default (RFC 8212)", 2);
        block.Add("Export filter", config.ExportFilter.Length > 0 ? config.ExportFilter : "default (RFC 8212)", 2);
        var flags = new List<string>();
        if (config.Passive) flags.Add("passive");
        if (config.RouteReflectorClient) flags.Add("route-reflector-client");
        if (config.HasPassword) flags.Add("md5-password");
        if (config.TtlSecurity) flags.Add("ttl-security");
        if (config.NextHopSelf) flags.Add("next-hop-self");
        if (config.GracefulRestart) flags.Add("graceful-restart");
        // Which paths go out, as the YAML's addPaths says it: the ECMP set, the N best, or every path.
        if (config.AddPathSend)
            flags.Add(config.AddPathSendEcmp ? "add-path-send=ecmp"
                : config.AddPathSendMaxPaths > 0 ? $"add-path-send={ApiText.Number(config.AddPathSendMaxPaths)}" : "add-path-send");
        if (config.AddPathReceive) flags.Add("add-path-receive");
        block.Add("Options", ApiText.Words(flags), 2);
        if (config.MaxPrefixes > 0)
            block.Add("Max prefixes", ApiText.Number(config.MaxPrefixes) + (config.MaxPrefixesWarnOnly ? " (warn only)" : ""), 2);
        block.Write(output);
    }
}

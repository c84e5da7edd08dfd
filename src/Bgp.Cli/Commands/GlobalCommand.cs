using Bgp.Api.V1;
using Bgp.Cli.Api;
using Bgp.Cli.Json;
using Bgp.Cli.Output;

namespace Bgp.Cli.Commands;

/// <summary><c>bgpctl global</c> (or <c>show</c>): this speaker's AS, router id, listener, RIB sizes and uptime.</summary>
internal static class GlobalCommand
{
    public static readonly CommandSpec Spec = new(
        "global", "", "show this speaker: AS, router id, listener, RIB sizes, uptime (alias: show)", [], 0, 0, RunAsync);

    private static async Task<int> RunAsync(ApiInvocation call)
    {
        var g = (await call.Client.GetGlobalAsync(new GetGlobalRequest(), call.Unary())).Global ?? new Global();
        if (call.Json)
        {
            using var lines = new JsonLineWriter(call.Out);
            GlobalJsonWriter.Write(lines.Begin(), g);
            lines.End();
            return ExitCodes.Ok;
        }
        call.Out.WriteLine($"bgpd {g.Version}, AS{ApiText.Number(g.AsNumber)}, router id {g.RouterId}");
        var block = new KeyValueBlock();
        block.Add("Listening", g.ListenAddress.Length > 0 ? $"{g.ListenAddress} port {ApiText.Number(g.ListenPort)}" : "no");
        block.Add("Started", (ApiText.Time(g.StartedAt) ?? "?") + $" (up {ApiText.Duration(g.UptimeSeconds)})");
        block.Add("Configuration", g.ConfigPath.Length > 0 ? g.ConfigPath : "-");
        if (g.RouteReflectorClusterId.Length > 0) block.Add("Cluster id", g.RouteReflectorClusterId);
        block.Add("ECMP paths", ApiText.Number(g.MaxPaths));
        block.Add("Peers", $"{ApiText.Number(g.PeersEstablished)} established of {ApiText.Number(g.PeersConfigured)}");
        block.Add("Originated", $"{ApiText.Number(g.OriginatedPrefixes)} prefixes");
        foreach (var size in g.RibSizes)
            block.Add($"Loc-RIB {ApiText.Family(size.Family) ?? "?"}", $"{ApiText.Number(size.Prefixes)} prefixes, {ApiText.Number(size.Paths)} paths");
        block.Add("Kernel", g.KernelEnabled
            ? $"table {ApiText.Number(g.KernelTable)}, protocol {ApiText.Number(g.KernelProtocol)}, {ApiText.Number(g.KernelRoutesInstalled)} routes installed"
            : "off");
        block.Write(call.Out);
        return ExitCodes.Ok;
    }
}

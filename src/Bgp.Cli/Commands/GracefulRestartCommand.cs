using Bgp.Api.V1;
using Bgp.Cli.Api;
using Bgp.Cli.Json;
using Bgp.Cli.Output;

namespace Bgp.Cli.Commands;

/// <summary>
/// <c>bgpctl graceful-restart</c>: stops bgpd for a planned restart (as <c>birdc graceful restart</c>): peers with
/// graceful restart keep our routes as stale until bgpd is back, the kernel routes stay, and bgpd exits 0. The
/// answer lists which peers keep our routes and which got a CEASE; bgpd refuses (FAILED_PRECONDITION, exit 1)
/// when graceful restart is disabled in its configuration.
/// </summary>
internal static class GracefulRestartCommand
{
    public static readonly CommandSpec Spec = new(
        "graceful-restart", "", "stop bgpd for a planned restart; graceful-restart peers keep our routes (then start bgpd again)", [], 0, 0, RunAsync,
        "bgpd exits 0 once every session is down. Start it again within the restart time shown.");

    private static async Task<int> RunAsync(ApiInvocation call)
    {
        var response = await call.Client.GracefulRestartAsync(new GracefulRestartRequest(), call.Unary());
        if (call.Json)
        {
            using var lines = new JsonLineWriter(call.Out);
            var json = lines.Begin();
            json.WriteStartObject();
            PeerJsonWriter.WriteStrings(json, "gracefulPeers", response.GracefulPeers);
            PeerJsonWriter.WriteStrings(json, "ceasedPeers", response.CeasedPeers);
            json.WriteNumber("restartTime", response.RestartTime);
            json.WriteEndObject();
            lines.End();
            return ExitCodes.Ok;
        }
        call.Out.WriteLine($"bgpd is stopping for a graceful restart; start it again within {response.RestartTime} s");
        foreach (string p in response.GracefulPeers) call.Out.WriteLine($"  {p}: keeps our routes (graceful restart)");
        foreach (string p in response.CeasedPeers) call.Out.WriteLine($"  {p}: CEASE (no graceful restart on this session)");
        return ExitCodes.Ok;
    }
}

using Bgp.Api.V1;
using Bgp.Cli.Api;
using Bgp.Cli.Json;
using Bgp.Cli.Output;

namespace Bgp.Cli.Commands;

/// <summary>
/// <c>bgpctl reload</c>: bgpd reads its configuration file again (as on SIGHUP). A refused file is not an
/// RPC error but it is a failure for the caller: every problem goes to stderr and the exit code is 1.
/// </summary>
internal static class ReloadCommand
{
    public static readonly CommandSpec Spec = new(
        "reload", "", "re-read bgpd's configuration file and apply it (exit 1 when refused)", [], 0, 0, RunAsync);

    private static async Task<int> RunAsync(ApiInvocation call)
    {
        var response = await call.Client.ReloadConfigAsync(new ReloadConfigRequest(), call.Unary());
        int exit = response.Applied ? ExitCodes.Ok : ExitCodes.Failed;
        if (call.Json)
        {
            using var lines = new JsonLineWriter(call.Out);
            var json = lines.Begin();
            json.WriteStartObject();
            json.WriteBoolean("applied", response.Applied);
            PeerJsonWriter.WriteStrings(json, "errors", response.Errors);
            PeerJsonWriter.WriteStrings(json, "changes", response.Changes);
            json.WriteEndObject();
            lines.End();
            return exit;
        }
        if (!response.Applied)
        {
            call.Context.Stderr.WriteLine("bgpctl reload: bgpd refused the configuration and keeps the running one:");
            foreach (string e in response.Errors) call.Context.Stderr.WriteLine($"  {e}");
            return exit;
        }
        if (response.Changes.Count == 0)
        {
            call.Out.WriteLine("reloaded: no changes");
            return exit;
        }
        call.Out.WriteLine($"reloaded: {response.Changes.Count} change{(response.Changes.Count == 1 ? "" : "s")}");
        foreach (string c in response.Changes) call.Out.WriteLine($"  {c}");
        return exit;
    }
}

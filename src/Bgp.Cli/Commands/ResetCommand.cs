using Bgp.Api.V1;
using Bgp.Cli.Api;
using Bgp.Cli.Arguments;
using Bgp.Cli.Output;

namespace Bgp.Cli.Commands;

/// <summary>
/// <c>bgpctl reset ADDR [--soft in|out]</c>: a hard reset (CEASE 6/4, the session comes up again), or a soft
/// one re-running import policy (ROUTE-REFRESH, RFC 2918) or export policy.
/// </summary>
internal static class ResetCommand
{
    public static readonly CommandSpec Spec = new(
        "reset", "ADDR", "reset a peer's session (hard: CEASE 6/4), or re-run its policies with --soft",
        [
            new("--soft", "in|out", "in: re-run import policy (ROUTE-REFRESH); out: re-run export policy and re-send"),
            new("--message", "TEXT", "shutdown communication sent with a hard reset (RFC 9003)"),
        ],
        1, 1, RunAsync);

    private static async Task<int> RunAsync(ApiInvocation call)
    {
        string address = ArgValues.Address(call.Args.Positional(0)!);
        var kind = call.Args.Value("--soft") switch
        {
            null => ResetKind.Hard,
            "in" => ResetKind.SoftIn,
            "out" => ResetKind.SoftOut,
            var other => throw new UsageException($"bad --soft '{other}' (expected in or out)"),
        };
        string? message = call.Args.Value("--message");
        if (message is not null && kind != ResetKind.Hard) throw new UsageException("--message goes with a hard reset only");
        var request = new ResetPeerRequest { PeerAddress = address, Kind = kind, Communication = message ?? "" };
        await call.Client.ResetPeerAsync(request, call.Unary());
        string what = kind switch { ResetKind.SoftIn => "soft-in", ResetKind.SoftOut => "soft-out", _ => "hard" };
        return ActionOutput.Done(call, $"reset {address} ({what})", ("peer", address), ("kind", what));
    }
}

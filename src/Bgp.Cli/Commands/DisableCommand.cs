using System.Text;
using Bgp.Api.V1;
using Bgp.Cli.Api;
using Bgp.Cli.Arguments;
using Bgp.Cli.Output;

namespace Bgp.Cli.Commands;

/// <summary>
/// <c>bgpctl disable ADDR [--message TEXT]</c>: CEASE 6/2 (Administrative Shutdown) with the RFC 9003
/// shutdown communication; the peer stays Idle until enabled.
/// </summary>
internal static class DisableCommand
{
    /// <summary>RFC 9003 section 2: the communication is at most 255 octets of UTF-8.</summary>
    private const int MaxCommunicationOctets = 255;

    public static readonly CommandSpec Spec = new(
        "disable", "ADDR", "disable a peer (CEASE 6/2); it stays Idle until enabled",
        [new("--message", "TEXT", "shutdown communication sent to the peer (RFC 9003, at most 255 octets)")],
        1, 1, RunAsync);

    private static async Task<int> RunAsync(ApiInvocation call)
    {
        string address = ArgValues.Address(call.Args.Positional(0)!);
        string message = call.Args.Value("--message") ?? "";
        if (Encoding.UTF8.GetByteCount(message) > MaxCommunicationOctets)
            throw new UsageException($"--message is {Encoding.UTF8.GetByteCount(message)} octets; RFC 9003 allows at most {MaxCommunicationOctets}");
        await call.Client.DisablePeerAsync(new DisablePeerRequest { PeerAddress = address, Communication = message }, call.Unary());
        return ActionOutput.Done(call, $"disabled {address}", ("peer", address));
    }
}

using Bgp.Api.V1;
using Bgp.Cli.Api;
using Bgp.Cli.Arguments;
using Bgp.Cli.Output;

namespace Bgp.Cli.Commands;

/// <summary><c>bgpctl enable ADDR</c>: an administratively disabled peer starts connecting again.</summary>
internal static class EnableCommand
{
    public static readonly CommandSpec Spec = new(
        "enable", "ADDR", "enable a disabled peer (it starts connecting again)", [], 1, 1, RunAsync);

    private static async Task<int> RunAsync(ApiInvocation call)
    {
        string address = ArgValues.Address(call.Args.Positional(0)!);
        await call.Client.EnablePeerAsync(new EnablePeerRequest { PeerAddress = address }, call.Unary());
        return ActionOutput.Done(call, $"enabled {address}", ("peer", address));
    }
}

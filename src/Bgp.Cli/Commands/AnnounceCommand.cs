using Bgp.Api.V1;
using Bgp.Cli.Api;
using Bgp.Cli.Arguments;
using Bgp.Cli.Output;

namespace Bgp.Cli.Commands;

/// <summary><c>bgpctl announce PREFIX</c>: bgpd starts originating the prefix (AddOriginated; not written to the config file).</summary>
internal static class AnnounceCommand
{
    public static readonly CommandSpec Spec = new(
        "announce", "PREFIX", "originate a prefix (until withdrawn or bgpd restarts)", [], 1, 1, RunAsync);

    private static async Task<int> RunAsync(ApiInvocation call)
    {
        string prefix = ArgValues.Prefix(call.Args.Positional(0)!);
        await call.Client.AddOriginatedAsync(new AddOriginatedRequest { Prefix = prefix }, call.Unary());
        return ActionOutput.Done(call, $"announced {prefix}", ("prefix", prefix));
    }
}

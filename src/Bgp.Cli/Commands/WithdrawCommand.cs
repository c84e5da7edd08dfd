using Bgp.Api.V1;
using Bgp.Cli.Api;
using Bgp.Cli.Arguments;
using Bgp.Cli.Output;

namespace Bgp.Cli.Commands;

/// <summary><c>bgpctl withdraw PREFIX</c>: bgpd stops originating the prefix (DeleteOriginated).</summary>
internal static class WithdrawCommand
{
    public static readonly CommandSpec Spec = new(
        "withdraw", "PREFIX", "stop originating a prefix", [], 1, 1, RunAsync);

    private static async Task<int> RunAsync(ApiInvocation call)
    {
        string prefix = ArgValues.Prefix(call.Args.Positional(0)!);
        await call.Client.DeleteOriginatedAsync(new DeleteOriginatedRequest { Prefix = prefix }, call.Unary());
        return ActionOutput.Done(call, $"withdrew {prefix}", ("prefix", prefix));
    }
}

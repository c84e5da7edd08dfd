using Bgp.Api.V1;
using Bgp.Cli.Arguments;
using Grpc.Core;

namespace Bgp.Cli.Api;

/// <summary>One run of an API command: its parsed words, the client, the output mode and the deadline.</summary>
internal sealed class ApiInvocation(
    string command, ParsedArgs args, BgpService.BgpServiceClient client, ApiTarget target, bool json, TimeSpan timeout, CliContext context)
{
    public string Command => command;
    public ParsedArgs Args => args;
    public BgpService.BgpServiceClient Client => client;
    public ApiTarget Target => target;
    public bool Json => json;
    public TimeSpan Timeout => timeout;
    public CliContext Context => context;
    public TextWriter Out => context.Stdout;

    /// <summary>Options for a unary call: the per-call deadline and Ctrl+C.</summary>
    public CallOptions Unary() =>
        new(deadline: context.Time.GetUtcNow().UtcDateTime + timeout, cancellationToken: context.Cancellation);

    /// <summary>Options for a stream: no deadline (a table of millions or a watch takes as long as it takes).</summary>
    public CallOptions Stream() => new(cancellationToken: context.Cancellation);
}

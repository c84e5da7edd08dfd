using System.Globalization;
using System.Text;
using Bgp.Api.V1;
using Bgp.Cli.Arguments;
using Bgp.Cli.Commands;
using Grpc.Core;

namespace Bgp.Cli.Api;

/// <summary>
/// The commands that talk to bgpd over its gRPC API (proto/bgp/v1/bgp.proto): the table of them, the
/// options they share, their help, and the run that turns every failure into a message and an exit code
/// (see <see cref="ExitCodes"/>). The commands themselves only build a request and print the answer.
/// </summary>
internal static class ApiCommands
{
    public const string ApiEnvironmentVariable = "BGPCTL_API";
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static readonly IReadOnlyList<OptionSpec> GlobalOptions =
    [
        new("--api", "HOST:PORT", $"bgpd's API address (default ${ApiEnvironmentVariable}, else {ApiTarget.DefaultAddress}); https://HOST:PORT for TLS"),
        new("--ca", "FILE", "PEM CA certificate(s) that sign bgpd's certificate (implies TLS)"),
        new("--cert", "FILE", "PEM client certificate for mutual TLS (with --key)"),
        new("--key", "FILE", "PEM private key of --cert"),
        new("--json", null, "machine-readable output (see README.md for the fields)"),
        new("--timeout", "SECONDS", "deadline of each call, streams excepted (default 10)"),
        new("--help", null, "this help"),
    ];

    public static readonly IReadOnlyList<CommandSpec> All =
    [
        PeersCommand.Spec, PeerCommand.Spec, RoutesCommand.Spec, ExplainCommand.Spec, AnnounceCommand.Spec, WithdrawCommand.Spec,
        ResetCommand.Spec, EnableCommand.Spec, DisableCommand.Spec, WatchCommand.Spec, ReloadCommand.Spec, GracefulRestartCommand.Spec, GlobalCommand.Spec,
    ];

    public static CommandSpec? Find(string name)
    {
        if (name == "show") name = "global";
        foreach (var c in All)
            if (c.Name == name) return c;
        return null;
    }

    public static bool IsGlobalOptionWithValue(string word)
    {
        foreach (var o in GlobalOptions)
            if (o.ValueName is not null && o.Name == word) return true;
        return false;
    }

    /// <summary>Runs <paramref name="spec"/> over <paramref name="words"/> (everything but the command name).</summary>
    public static async Task<int> RunAsync(CommandSpec spec, IReadOnlyList<string> words, CliContext context)
    {
        if (words.Contains("--help") || words.Contains("-h"))
        {
            context.Stdout.WriteLine(Help(spec));
            return ExitCodes.Ok;
        }
        ParsedArgs args;
        ApiTarget target;
        var timeout = DefaultTimeout;
        try
        {
            var options = new List<OptionSpec>(spec.Options);
            options.AddRange(GlobalOptions);
            args = ArgParser.Parse(words, options, spec.MinPositionals, spec.MaxPositionals);
            string api = args.Value("--api") ?? NonEmpty(context.Environment(ApiEnvironmentVariable)) ?? ApiTarget.DefaultAddress;
            target = ApiTarget.TryCreate(api, args.Value("--ca"), args.Value("--cert"), args.Value("--key"), out string? problem)
                ?? throw new UsageException(problem!);
            if (args.Value("--timeout") is { } t)
            {
                if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || !(seconds > 0) || seconds > 86400)
                    throw new UsageException($"bad --timeout '{t}' (expected seconds, e.g. 10 or 0.5)");
                timeout = TimeSpan.FromSeconds(seconds);
            }
        }
        catch (UsageException e)
        {
            return UsageError(spec, e.Message, context.Stderr);
        }

        Grpc.Net.Client.GrpcChannel created;
        try
        {
            created = ApiChannelFactory.Create(target);
        }
        catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
        {
            // Unreadable or malformed --ca/--cert/--key files.
            return UsageError(spec, e.Message, context.Stderr);
        }
        using var channel = created;
        var call = new ApiInvocation(spec.Name, args, new BgpService.BgpServiceClient(channel), target, args.Has("--json"), timeout, context);
        try
        {
            return await spec.Run(call);
        }
        catch (UsageException e)
        {
            // Checks that need the option set as a whole (a bad prefix, --table in without --peer) run in the command.
            return UsageError(spec, e.Message, context.Stderr);
        }
        catch (RpcException e)
        {
            return RpcErrorReporter.Report(e, call);
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            context.Stderr.WriteLine("bgpctl: interrupted");
            return ExitCodes.Interrupted;
        }
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public static int UsageError(CommandSpec spec, string message, TextWriter stderr)
    {
        stderr.WriteLine($"bgpctl {spec.Name}: {message}");
        stderr.WriteLine($"usage: {Synopsis(spec)}  (bgpctl {spec.Name} --help for more)");
        return ExitCodes.Usage;
    }

    public static string Synopsis(CommandSpec spec)
    {
        var sb = new StringBuilder("bgpctl ").Append(spec.Name);
        if (spec.Arguments.Length > 0) sb.Append(' ').Append(spec.Arguments);
        foreach (var o in spec.Options) sb.Append(" [").Append(o.Synopsis).Append(']');
        return sb.ToString();
    }

    /// <summary>The help of one command: synopsis, what it does, its options, the shared options.</summary>
    public static string Help(CommandSpec spec)
    {
        var sb = new StringBuilder();
        sb.Append("usage: ").AppendLine(Synopsis(spec)).AppendLine();
        sb.Append("  ").AppendLine(spec.Summary);
        if (spec.Details.Length > 0)
        {
            sb.AppendLine();
            foreach (string line in spec.Details.Split('\n')) sb.Append("  ").AppendLine(line.TrimEnd());
        }
        if (spec.Options.Count > 0)
        {
            sb.AppendLine().AppendLine("options:");
            AppendOptions(sb, spec.Options);
        }
        sb.AppendLine().AppendLine("common options:");
        AppendOptions(sb, GlobalOptions);
        return sb.ToString().TrimEnd();
    }

    public static void AppendOptions(StringBuilder sb, IReadOnlyList<OptionSpec> options)
    {
        int width = 0;
        foreach (var o in options) width = Math.Max(width, o.Synopsis.Length);
        foreach (var o in options) sb.Append("  ").Append(o.Synopsis.PadRight(width + 2)).AppendLine(o.Help);
    }
}

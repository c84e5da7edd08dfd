using System.Text;
using Bgp.Cli.Api;
using Bgp.Cli.Commands;

namespace Bgp.Cli;

/// <summary>
/// bgpctl: the command-line client of bgpd. The API commands (<see cref="ApiCommands"/>) talk to bgpd's
/// gRPC API; the offline tools (decode, mrt) work without a daemon.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl+C ends a watch or a long table cleanly; the process is not killed under it.
            e.Cancel = true;
            cts.Cancel();
        };
        // Buffered stdout: a table of a million routes through an auto-flushing Console.Out costs a write
        // system call per line. Commands that must be seen live (watch) flush themselves.
        await using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
        var context = new CliContext(Console.In, stdout, Console.Error, Environment.GetEnvironmentVariable, TimeProvider.System, cts.Token);
        try
        {
            return await RunAsync(args, context);
        }
        catch (IOException e) when (e.HResult == BrokenPipe)
        {
            // "bgpctl routes | head": the reader had what it wanted; like a tool killed by SIGPIPE, say nothing.
            return ExitCodes.Ok;
        }
        finally
        {
            try
            {
                await stdout.FlushAsync(CancellationToken.None);
            }
            catch (IOException e) when (e.HResult == BrokenPipe)
            {
                // The reader went away (bgpctl routes | head); nothing is left to tell it.
            }
        }
    }

    /// <summary>EPIPE: .NET reports the errno of a failed write to a pipe as the IOException's HResult.</summary>
    private const int BrokenPipe = 32;

    /// <summary>Entry point that tests call with their own streams (real environment, no cancellation).</summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr) =>
        RunAsync(args, new CliContext(stdin, stdout, stderr, Environment.GetEnvironmentVariable, TimeProvider.System, CancellationToken.None))
            .GetAwaiter().GetResult();

    internal static async Task<int> RunAsync(string[] args, CliContext context)
    {
        // The command is the first word that is neither an option nor an option's value, so that
        // "bgpctl --api H:P peers" and "bgpctl peers --api H:P" both work.
        int commandAt = -1;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith('-'))
            {
                if (ApiCommands.IsGlobalOptionWithValue(args[i])) i++;
                continue;
            }
            commandAt = i;
            break;
        }
        if (commandAt < 0)
        {
            if (args.Contains("--help") || args.Contains("-h"))
            {
                context.Stdout.WriteLine(Usage());
                return ExitCodes.Ok;
            }
            context.Stderr.WriteLine(args.Length == 0 ? "bgpctl: missing command" : $"bgpctl: missing command (unknown option '{args[0]}'?)");
            context.Stderr.WriteLine(Usage());
            return ExitCodes.Usage;
        }
        string command = args[commandAt];
        string[] before = args[..commandAt];
        string[] rest = args[(commandAt + 1)..];
        switch (command)
        {
            case "decode": return DecodeCommand.Run(rest, context.Stdin, context.Stdout, context.Stderr);
            case "mrt": return MrtCommand.Run(rest, context.Stdout, context.Stderr);
            case "help":
                if (rest.Length > 0 && ApiCommands.Find(rest[0]) is { } about) context.Stdout.WriteLine(ApiCommands.Help(about));
                else if (rest.Length > 0 && rest[0] == "decode") context.Stdout.WriteLine(DecodeCommand.Usage);
                else context.Stdout.WriteLine(Usage());
                return ExitCodes.Ok;
        }
        if (ApiCommands.Find(command) is not { } spec)
        {
            context.Stderr.WriteLine($"bgpctl: unknown command '{command}'");
            context.Stderr.WriteLine(Usage());
            return ExitCodes.Usage;
        }
        return await ApiCommands.RunAsync(spec, [.. before, .. rest], context);
    }

    /// <summary>Every command with its arguments and options, then the shared options and exit codes.</summary>
    public static string Usage()
    {
        var sb = new StringBuilder();
        sb.AppendLine("usage: bgpctl [--api HOST:PORT] [--json] COMMAND [options]").AppendLine();
        sb.AppendLine("commands (talk to bgpd):");
        int width = 0;
        foreach (var c in ApiCommands.All) width = Math.Max(width, (c.Name + " " + c.Arguments).Length);
        foreach (var c in ApiCommands.All)
        {
            sb.Append("  ").Append((c.Name + " " + c.Arguments).PadRight(width + 2)).AppendLine(c.Summary);
            foreach (var o in c.Options) sb.Append(' ', width + 6).Append(o.Synopsis).Append(": ").AppendLine(o.Help);
        }
        sb.AppendLine().AppendLine("offline tools:");
        sb.AppendLine("  decode [FILE] [--as2|--as4] [--addpath|--no-addpath]");
        sb.AppendLine("             read BGP messages as hex, one per line (FILE or stdin), print one JSON object each");
        sb.AppendLine("  mrt FILE   read an MRT file (RFC 6396; .gz and .bz2 too), print one line per prefix like bgpdump -m");
        sb.AppendLine().AppendLine("common options:");
        ApiCommands.AppendOptions(sb, ApiCommands.GlobalOptions);
        sb.AppendLine().AppendLine("exit codes: 0 ok, 1 bgpd answered an error (or refused a reload), 64 usage error,");
        sb.AppendLine("  69 bgpd not reachable, 75 no answer within the deadline, 130 interrupted;");
        sb.Append("  decode and mrt: 0 ok, 1 unreadable input, 2 usage error.");
        return sb.ToString();
    }
}

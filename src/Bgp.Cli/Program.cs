using Bgp.Cli.Commands;

namespace Bgp.Cli;

/// <summary>bgpctl: the command-line client. Offline tools (decode, mrt) work without a daemon.</summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, Console.In, Console.Out, Console.Error);

    /// <summary>Entry point that tests call with their own streams.</summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            stdout.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        string[] rest = args[1..];
        switch (args[0])
        {
            case "decode": return DecodeCommand.Run(rest, stdin, stdout, stderr);
            case "mrt": return MrtCommand.Run(rest, stdout, stderr);
            default:
                stderr.WriteLine($"bgpctl: unknown command '{args[0]}'");
                stderr.WriteLine(Usage);
                return 2;
        }
    }

    public const string Usage =
        """
        usage: bgpctl COMMAND [options]

        offline tools:
          decode [FILE] [--as2|--as4] [--addpath|--no-addpath]
                     read BGP messages as hex, one per line (FILE or stdin), print one JSON object each
          mrt FILE   read an MRT file (RFC 6396; .gz and .bz2 too), print one line per prefix like bgpdump -m
        """;
}

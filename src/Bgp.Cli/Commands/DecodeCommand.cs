namespace Bgp.Cli.Commands;

internal static class DecodeCommand
{
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        _ = (args, stdin, stdout);
        stderr.WriteLine("bgpctl decode: not built yet");
        return 2;
    }
}

namespace Bgp.Cli.Commands;

internal static class MrtCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        _ = (args, stdout);
        stderr.WriteLine("bgpctl mrt: not built yet");
        return 2;
    }
}

namespace Bgp.Interop.Tests.Harness;

/// <summary>Exit code and captured output of one finished command.</summary>
public sealed record CommandResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    public override string ToString() => $"`{Command}` exited {ExitCode}: {Stderr.Trim()} {Stdout.Trim()}";
}

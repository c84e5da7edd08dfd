using System.Diagnostics;
using System.Globalization;

namespace Bgp.Interop.Tests.Harness;

/// <summary>
/// One daemon process started in the foreground inside a namespace. <c>sh</c> only sets up the output
/// redirection and then <c>exec</c>s <c>ip netns exec</c>, which <c>exec</c>s the daemon, so
/// <see cref="Pid"/> is the daemon's own PID: stopping it signals that process and nothing else.
/// </summary>
public sealed class DaemonProcess
{
    private readonly Process process;

    private DaemonProcess(string name, Process process, string outputPath)
    {
        Name = name;
        this.process = process;
        OutputPath = outputPath;
    }

    public string Name { get; }
    public string OutputPath { get; }
    public int Pid => process.Id;
    public bool HasExited => process.HasExited;

    public static DaemonProcess Start(string name, string netns, string outputPath, string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        // "$0" is the output file, "$@" the command: no quoting of paths or arguments needed.
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("out=$0; exec ip netns exec \"$@\" </dev/null >>\"$out\" 2>&1");
        psi.ArgumentList.Add(outputPath);
        psi.ArgumentList.Add(netns);
        psi.ArgumentList.Add(file);
        foreach (var a in args) psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {name}");
        return new DaemonProcess(name, process, outputPath);
    }

    /// <summary>SIGTERM, then SIGKILL if it has not exited within a few seconds; always reaps it.</summary>
    public async Task StopAsync()
    {
        if (process.HasExited)
        {
            process.Dispose();
            return;
        }
        await CommandRunner.RunAsync("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)], CancellationToken.None).ConfigureAwait(false);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        process.Dispose();
    }

    public override string ToString() => $"{Name} (pid {process.Id})";
}

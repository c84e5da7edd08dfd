using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bgp.Daemon.Tests.Hosting;

/// <summary>
/// bgpd run as a real child process (<c>dotnet bgpd.dll</c> from the test's output folder, where the project
/// reference puts it), with stdout and stderr collected for assertions and failure messages.
/// </summary>
internal sealed class BgpdProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();

    private BgpdProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_gate) _stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_gate) _stderr.AppendLine(e.Data); };
    }

    public int Id => _process.Id;
    public string Stdout { get { lock (_gate) return _stdout.ToString(); } }
    public string Stderr { get { lock (_gate) return _stderr.ToString(); } }
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public static BgpdProcess Start(params string[] args) => StartIn(null, args);

    /// <summary>
    /// Starts bgpd inside network namespace <paramref name="netns"/> (<c>ip netns exec</c>, which execs, so the
    /// process id is bgpd's own), or in ours when null.
    /// </summary>
    public static BgpdProcess StartIn(string? netns, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "bgpd.dll");
        Assert.True(File.Exists(dll), $"bgpd.dll not found next to the tests: {dll}");
        var info = new ProcessStartInfo(netns is null ? "dotnet" : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (netns is not null)
        {
            info.ArgumentList.Add("netns");
            info.ArgumentList.Add("exec");
            info.ArgumentList.Add(netns);
            info.ArgumentList.Add("dotnet");
        }
        info.ArgumentList.Add(dll);
        foreach (string a in args) info.ArgumentList.Add(a);
        var process = new Process { StartInfo = info };
        var bgpd = new BgpdProcess(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return bgpd;
    }

    /// <summary>Sends SIGTERM/SIGHUP (Process.Kill would be SIGKILL, which tests nothing).</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Waits for the exit; false when it did not come within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Waits until stdout holds <paramref name="text"/>.</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Stdout.Contains(text, StringComparison.Ordinal)) return true;
            if (HasExited) return false;
            await Task.Delay(50);
        }
        return false;
    }

    public string Describe() => $"bgpd {Id} stdout:\n{Stdout}\nstderr:\n{Stderr}";

    /// <summary>A port free on <paramref name="address"/> at the time of asking.</summary>
    public static int FreePort(IPAddress address)
    {
        using var s = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

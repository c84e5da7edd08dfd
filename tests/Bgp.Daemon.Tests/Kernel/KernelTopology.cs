using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Bgp.Daemon.Tests.Kernel;

/// <summary>
/// Two network namespaces made by the test and removed on dispose (also after a failure): <see cref="NodeA"/>
/// (bgpd with the kernel sync; interface <c>ka</c>, 10.77.0.1/24) and <see cref="NodeB"/> (the peers; interface
/// <c>kb</c> with 10.77.0.2/24 and 10.77.0.3/24), joined by a veth pair. Nothing leaves them. Root only, like
/// tests/Bgp.Netlink.Tests: the constructor fails with the reason otherwise.
/// </summary>
internal sealed class KernelTopology : IDisposable
{
    private static int counter;

    public KernelTopology()
    {
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException("the kernel tests must run as root: they create network namespaces (CI runs as root)");
        string id = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{Interlocked.Increment(ref counter)}");
        NodeA = "bgpk-a-" + id;
        NodeB = "bgpk-b-" + id;
        try
        {
            Run("ip", "netns", "add", NodeA);
            Run("ip", "netns", "add", NodeB);
            In(NodeA, "link", "set", "lo", "up");
            In(NodeB, "link", "set", "lo", "up");
            In(NodeA, "link", "add", "ka", "type", "veth", "peer", "name", "kb", "netns", NodeB);
            In(NodeA, "addr", "add", "10.77.0.1/24", "dev", "ka");
            In(NodeB, "addr", "add", "10.77.0.2/24", "dev", "kb");
            In(NodeB, "addr", "add", "10.77.0.3/24", "dev", "kb");
            In(NodeA, "link", "set", "ka", "up");
            In(NodeB, "link", "set", "kb", "up");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string NodeA { get; }
    public string NodeB { get; }

    public static string In(string netns, params string[] args) => Run(["ip", "-n", netns, .. args]);

    /// <summary>Routes of node A's main table as <c>ip -j route show</c> gives them, optionally of one protocol.</summary>
    public List<JsonElement> RoutesOfA(string? protocol = "186")
    {
        var args = new List<string> { "ip", "-j", "-n", NodeA, "route", "show", "table", "254" };
        if (protocol is not null) args.AddRange(["proto", protocol]);
        string text = Run([.. args]);
        using var doc = JsonDocument.Parse(text.Length == 0 ? "[]" : text);
        var list = new List<JsonElement>();
        foreach (var e in doc.RootElement.EnumerateArray()) list.Add(e.Clone());
        return list;
    }

    /// <summary>Node A's route for <paramref name="dst"/> (proto 186), or null.</summary>
    public JsonElement? RouteOfA(string dst)
    {
        foreach (var r in RoutesOfA())
            if (r.GetProperty("dst").GetString() == dst) return r;
        return null;
    }

    /// <summary>Polls node A's table until <paramref name="condition"/> holds; false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForAsync(Func<KernelTopology, bool> condition, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (condition(this)) return true;
            await Task.Delay(100);
        }
        return condition(this);
    }

    public string DescribeA() => Run("ip", "-n", NodeA, "route", "show", "table", "254");

    public static string Run(params string[] command)
    {
        var psi = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in command[1..]) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException(string.Join(' ', command) + " failed: " + stderr.Result);
        return stdout;
    }

    public void Dispose()
    {
        foreach (var ns in new[] { NodeA, NodeB })
        {
            try
            {
                Run("ip", "netns", "del", ns);
            }
            catch (InvalidOperationException)
            {
                // Not made (a failed constructor) or already gone.
            }
        }
    }
}

using System.Globalization;
using System.Net;
using System.Text;

namespace Bgp.Interop.Tests.Harness;

/// <summary>
/// A real BGP daemon (BIRD, GoBGP, FRR) running as a test peer inside one namespace, with its config,
/// control socket, pid file and logs in a temporary folder of its own. Subclasses write the config,
/// start the processes and read the daemon's view of a neighbor from its control interface.
/// </summary>
public abstract class PeerDaemon : IAsyncDisposable
{
    private static int counter;
    private readonly List<DaemonProcess> processes = [];

    protected PeerDaemon(string kind, string netns, SpeakerSpec spec)
    {
        InteropEnvironment.RequireRoot();
        Kind = kind;
        Namespace = netns;
        Spec = spec;
        WorkDir = Path.Combine(Path.GetTempPath(),
            string.Create(CultureInfo.InvariantCulture, $"bgpt-{Environment.ProcessId}-{Interlocked.Increment(ref counter)}-{kind}"));
        Directory.CreateDirectory(WorkDir);
    }

    public string Kind { get; }
    public string Namespace { get; }
    public SpeakerSpec Spec { get; }
    public string WorkDir { get; }

    public abstract Task StartAsync(CancellationToken ct);

    /// <summary>The daemon's own view of the neighbor at <paramref name="neighbor"/>.</summary>
    public async Task<NeighborView> GetNeighborAsync(IPAddress neighbor, CancellationToken ct)
    {
        ThrowIfExited();
        return await QueryNeighborAsync(neighbor, ct).ConfigureAwait(false);
    }

    protected abstract Task<NeighborView> QueryNeighborAsync(IPAddress neighbor, CancellationToken ct);

    protected string PathOf(string file) => Path.Combine(WorkDir, file);

    protected DaemonProcess Launch(string name, string file, IEnumerable<string> args)
    {
        var p = DaemonProcess.Start(name, Namespace, PathOf(name + ".out"), file, args);
        processes.Add(p);
        return p;
    }

    protected void ThrowIfExited()
    {
        foreach (var p in processes)
            if (p.HasExited)
                throw new DaemonExitedException($"{Kind} in {Namespace}: {p.Name} exited on its own\n{CollectLogs()}");
    }

    /// <summary>Every log and output file of this daemon, the last 8 KB of each, for a failed test's output.</summary>
    public string CollectLogs()
    {
        var sb = new StringBuilder();
        if (!Directory.Exists(WorkDir)) return sb.ToString();
        foreach (var file in Directory.EnumerateFiles(WorkDir).Order())
        {
            if (!file.EndsWith(".log", StringComparison.Ordinal) && !file.EndsWith(".out", StringComparison.Ordinal)
                && !file.EndsWith(".conf", StringComparison.Ordinal) && !file.EndsWith(".toml", StringComparison.Ordinal)) continue;
            var text = File.ReadAllText(file);
            if (text.Length > 8192) text = "..." + text[^8192..];
            sb.Append("----- ").Append(Kind).Append(' ').Append(Namespace).Append(' ').AppendLine(Path.GetFileName(file));
            sb.AppendLine(text);
        }
        return sb.ToString();
    }

    /// <summary>Stops this daemon's processes (last started first) by their own PIDs and removes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        for (var i = processes.Count - 1; i >= 0; i--)
            await processes[i].StopAsync().ConfigureAwait(false);
        processes.Clear();
        try
        {
            Directory.Delete(WorkDir, recursive: true);
        }
        catch (IOException)
        {
            // A daemon that left a socket behind: the folder is in /tmp and named after this run.
        }
        GC.SuppressFinalize(this);
    }

    public override string ToString() => $"{Kind} in {Namespace}";
}

using Xunit.Abstractions;

namespace Bgp.Interop.Tests.Harness;

/// <summary>
/// Everything one interop test owns: its namespaces and links, its peer daemons and a deadline.
/// <see cref="RunAsync"/> copies every daemon's config and logs into the test output when the body
/// fails; disposal stops the daemons by PID first (they hold the namespaces open) and then removes the
/// topology, whatever happened.
/// </summary>
public sealed class InteropScenario : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly ITestOutputHelper output;
    private readonly CancellationTokenSource cts = new(Deadline);
    private readonly List<PeerDaemon> daemons = [];
    private readonly List<InProcessBgpd> locals = [];

    public InteropScenario(ITestOutputHelper output)
    {
        InteropEnvironment.RequireRoot();
        this.output = output;
        Topology = new NetnsTopology(cts.Token);
    }

    public NetnsTopology Topology { get; }
    public CancellationToken Token => cts.Token;

    public T Add<T>(T daemon) where T : PeerDaemon
    {
        daemons.Add(daemon);
        return daemon;
    }

    /// <summary>Our in-process bgpd: its log goes to the output of a failed test, and it stops before the topology goes.</summary>
    public InProcessBgpd Add(InProcessBgpd bgpd)
    {
        locals.Add(bgpd);
        return bgpd;
    }

    /// <summary>Starts every daemon added so far, all at once.</summary>
    public Task StartAllAsync()
    {
        var starts = new Task[daemons.Count];
        for (var i = 0; i < daemons.Count; i++) starts[i] = daemons[i].StartAsync(Token);
        return Task.WhenAll(starts);
    }

    public async Task RunAsync(Func<Task> body)
    {
        try
        {
            await body().ConfigureAwait(false);
        }
        catch (Exception)
        {
            foreach (var d in daemons) output.WriteLine(d.CollectLogs());
            foreach (var l in locals) output.WriteLine(l.CollectLogs());
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var l in locals) await l.DisposeAsync().ConfigureAwait(false);
        var stops = new Task[daemons.Count];
        for (var i = 0; i < daemons.Count; i++) stops[i] = daemons[i].DisposeAsync().AsTask();
        try
        {
            await Task.WhenAll(stops).ConfigureAwait(false);
        }
        finally
        {
            await Topology.DisposeAsync().ConfigureAwait(false);
            cts.Dispose();
        }
    }
}

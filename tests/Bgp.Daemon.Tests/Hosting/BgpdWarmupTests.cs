using Bgp.Daemon.Hosting;
using Bgp.Rib;
using Bgp.Rib.Engine;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Bgp.Daemon.Tests.Hosting;

/// <summary>bgpd's startup warm-up, on the daemon object itself (in-process, loopback ports, no peers up).</summary>
public class BgpdWarmupTests
{
    [Fact]
    public async Task StartAsync_WarmupOn_WarmsAndLeavesDaemonRibUntouched()
    {
        var log = new LineSink();
        await using var daemon = Create(warmup: null, log);
        var observer = new CountingObserver();
        // Before the loop starts, as AddObserver asks: every Loc-RIB change of the daemon's RIB is seen.
        daemon.Rib.Engine.AddObserver(observer);

        await daemon.StartAsync(CancellationToken.None);

        var result = Assert.IsType<Bgp.Daemon.Routing.UpdatePathWarmupResult>(daemon.WarmupResult);
        Assert.True(result.Complete, string.Join("; ", result.Problems));
        var state = await daemon.Rib.ReadAsync(e => (e.PeerCount, e.Rib.Ipv4.PrefixCount, e.Rib.Ipv6.PrefixCount), CancellationToken.None);
        Assert.Equal((0, 0, 0), state);
        Assert.Equal(0, observer.Changes);
        Assert.Single(log.Lines, l => l.StartsWith("warmed the UPDATE path: ", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Contains("warm-up", StringComparison.Ordinal));
        await daemon.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task StartAsync_WarmupFalse_NoWarmup()
    {
        var log = new LineSink();
        await using var daemon = Create(warmup: false, log);

        await daemon.StartAsync(CancellationToken.None);

        Assert.Null(daemon.WarmupResult);
        Assert.DoesNotContain(log.Lines, l => l.Contains("warm", StringComparison.OrdinalIgnoreCase));
        await daemon.StopAsync(CancellationToken.None);
    }

    private static BgpDaemon Create(bool? warmup, LineSink sink)
    {
        var config = MinimalDaemonConfig.With(
            "peers:\n  - { peerIP: 127.0.0.9, asNumber: 65002, passive: true, importFilter: accept-all, exportFilter: accept-all }"
            + (warmup is { } w ? $"\nwarmup: {(w ? "true" : "false")}" : ""));
        var logger = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(sink).CreateLogger();
        var daemon = BgpDaemon.Create(config, "warmup.yaml", logger, null, out var errors);
        Assert.Empty(errors);
        return daemon!;
    }

    private sealed class LineSink : ILogEventSink
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public void Emit(LogEvent logEvent) => _lines.Enqueue(logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    private sealed class CountingObserver : ILocRibObserver
    {
        private int _changes;

        public int Changes => Volatile.Read(ref _changes);

        public void OnLocRibChanged(RibEngine engine, in RibChange change) => Interlocked.Increment(ref _changes);
    }
}

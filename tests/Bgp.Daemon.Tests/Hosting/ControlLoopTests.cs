using System.Net;
using Bgp.Daemon.Config;
using Bgp.Daemon.Hosting;
using Bgp.Protocol;
using Bgp.Protocol.Messages;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using static Bgp.Daemon.Tests.TestSpeakers;

namespace Bgp.Daemon.Tests.Hosting;

/// <summary>
/// bgpd's control loop (what Program runs) with an in-process daemon whose RIB loop fails, as a broken invariant makes
/// it: bgpd must stop as for SIGTERM, its peers told, and exit non-zero for its supervisor to restart it, rather than
/// keep sessions up on a dead RIB; and never with the failure thrown past the loop, which skipped the CEASEs.
/// </summary>
public sealed class ControlLoopTests
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Makes the daemon's RIB loop throw inside a round, as RibLoopFaultTests do, and waits until it ended.</summary>
    private static async Task FaultRibAsync(BgpDaemon daemon)
    {
        var ct = Deadline();
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        daemon.RibFailed += (_, _) => failed.TrySetResult();
        _ = daemon.Rib.ReadAsync<int>(_ => throw new NotSupportedException("broken invariant"), ct);
        // Raised in the loop's finally, just before its task ends: only that last step is polled.
        await failed.Task.WaitAsync(ct);
        while (daemon.IsRibRunning || daemon.RibFault is null)
        {
            ct.ThrowIfCancellationRequested();
            await Task.Yield();
        }
    }

    [Fact]
    public async Task RunAsync_RibLoopFails_PeersGetCeaseAndExitsInternalError()
    {
        var (daemon, port, _) = GracefulStopTests.Create(gr: null);
        await using var _d = daemon;
        var log = new EventSink();
        var control = new ControlLoop(daemon, new LoggerConfiguration().WriteTo.Sink(log).CreateLogger(), StopTimeout);
        await daemon.StartAsync(CancellationToken.None);
        await using var raw = await GracefulStopTests.EstablishAsync(daemon, port, []);

        _ = daemon.Rib.ReadAsync<int>(_ => throw new NotSupportedException("broken invariant"), Deadline());
        var run = control.RunAsync(Deadline());
        var notifications = await GracefulStopTests.NotificationsUntilClosedAsync(raw);
        int exit = await run;

        Assert.Equal(ExitCodes.InternalError, exit);
        var n = Assert.Single(notifications);
        Assert.Equal((NotificationCode.Cease, (byte)CeaseSubcode.AdministrativeShutdown), (n.Code, n.Subcode));
        Assert.Contains(log.Events, e => e.Level == LogEventLevel.Fatal && e.Exception is NotSupportedException
            && e.MessageTemplate.Text.StartsWith("RIB loop failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ReloadMeetsTheFailedRibLoop_StopsWithInternalErrorInsteadOfThrowing()
    {
        using var folder = new TempConfigFolder();
        string yaml = $"""
            asNumber: 64512
            routerId: 192.0.2.1
            listen: {"{"} address: 127.0.0.1, port: {BgpdProcess.FreePort(IPAddress.Loopback)} {"}"}
            api: {"{"} address: 127.0.0.1, port: {BgpdProcess.FreePort(IPAddress.Loopback)} {"}"}
            health: {"{"} enabled: false {"}"}
            warmup: false
            """;
        string path = folder.Write("bgpd.yaml", yaml);
        var loaded = ConfigLoader.Load(path);
        Assert.True(loaded.Success, loaded.FormatErrors());
        var daemon = BgpDaemon.Create(loaded.Config, path, new LoggerConfiguration().CreateLogger(), null, out var errors);
        Assert.Empty(errors);
        await using var _d = daemon!;
        var control = new ControlLoop(daemon!, new LoggerConfiguration().CreateLogger(), StopTimeout);
        await daemon!.StartAsync(CancellationToken.None);

        // A SIGHUP queued before the failure: the reload runs first and originates a prefix into the closed RIB channel.
        folder.Write("bgpd.yaml", yaml + "\nprefixes: [198.51.100.0/24]\n");
        control.Post(System.Runtime.InteropServices.PosixSignal.SIGHUP);
        await FaultRibAsync(daemon);

        Assert.Equal(ExitCodes.InternalError, await control.RunAsync(Deadline()));
    }

    [Fact]
    public async Task StartAsync_RibLoopFailedBeforeThePrefixesAreOriginated_ExitsInternalErrorWithTheFailureLogged()
    {
        var config = MinimalDaemonConfig.With("warmup: false\nprefixes: [198.51.100.0/24]");
        var daemon = BgpDaemon.Create(config, "start.yaml", new LoggerConfiguration().CreateLogger(), null, out var errors);
        Assert.Empty(errors);
        await using var _d = daemon!;
        var log = new EventSink();
        var control = new ControlLoop(daemon!, new LoggerConfiguration().WriteTo.Sink(log).CreateLogger(), StopTimeout);
        // The start posts the configured prefixes to the RIB loop without waiting for them: a loop that failed on the
        // first one closes its channel under the second. Here it has failed before the start posts any (the loop's
        // own start is idempotent), so the start meets the closed channel every time.
        await daemon!.Rib.StartAsync(CancellationToken.None);
        await FaultRibAsync(daemon);

        int? exit = await control.StartAsync().WaitAsync(Deadline());

        Assert.Equal(ExitCodes.InternalError, exit);
        Assert.Contains(log.Events, e => e.Level == LogEventLevel.Fatal && e.Exception is NotSupportedException);
    }

    [Fact]
    public async Task StartAsync_Healthy_RunsAndSigtermExitsZero()
    {
        var (daemon, _, _) = GracefulStopTests.Create(gr: null);
        await using var _d = daemon;
        var control = new ControlLoop(daemon, new LoggerConfiguration().CreateLogger(), StopTimeout);

        Assert.Null(await control.StartAsync().WaitAsync(Deadline()));

        control.Post(System.Runtime.InteropServices.PosixSignal.SIGTERM);
        // The stop's own cancellation is not a failure.
        Assert.Equal(ExitCodes.Success, await control.RunAsync(Deadline()));
        Assert.Null(daemon.RibFault);
    }

    [Fact]
    public async Task RunAsync_SigtermAheadOfTheFailure_StillExitsInternalError()
    {
        var (daemon, _, _) = GracefulStopTests.Create(gr: null);
        await using var _d = daemon;
        var control = new ControlLoop(daemon, new LoggerConfiguration().CreateLogger(), StopTimeout);
        await daemon.StartAsync(CancellationToken.None);

        // The stop the SIGTERM asked for is read first; the failure's request behind it never is.
        control.Post(System.Runtime.InteropServices.PosixSignal.SIGTERM);
        await FaultRibAsync(daemon);

        Assert.Equal(ExitCodes.InternalError, await control.RunAsync(Deadline()));
    }

    private sealed class EventSink : ILogEventSink
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<LogEvent> _events = new();

        public IReadOnlyCollection<LogEvent> Events => _events;

        public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
    }
}

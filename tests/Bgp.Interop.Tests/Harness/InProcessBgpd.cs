using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Bgp.Daemon.Config;
using Bgp.Daemon.Hosting;
using Bgp.Protocol;
using Bgp.Rib.Engine;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Bgp.Interop.Tests.Harness;

/// <summary>
/// Our bgpd (<see cref="BgpDaemon"/>, the same object the bgpd program runs) inside this test process, in the
/// root namespace, built from a YAML text exactly as bgpd reads its file. Its log lines are kept for a failed
/// test's output; its RIB is read through the RIB loop's snapshots.
/// </summary>
public sealed class InProcessBgpd : IAsyncDisposable, ILogEventSink
{
    private readonly ConcurrentQueue<string> _log = new();
    private readonly Logger _logger;
    private BgpDaemon? _daemon;

    private InProcessBgpd(string name)
    {
        Name = name;
        _logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(this).CreateLogger();
    }

    public string Name { get; }
    public BgpDaemon Daemon => _daemon ?? throw new InvalidOperationException($"bgpd {Name} is not running");

    /// <summary>
    /// Parses <paramref name="yaml"/> (an <c>api:</c> section on a free loopback port, and the health endpoint
    /// off, are added when absent, so two daemons in one process never compete for a default port) and starts it.
    /// </summary>
    public static async Task<InProcessBgpd> StartAsync(string name, string yaml, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        if (!yaml.Contains("\napi:", StringComparison.Ordinal))
            yaml += $"\napi: {{ address: 127.0.0.1, port: {FreeLoopbackPort()} }}\n";
        if (!yaml.Contains("\nhealth:", StringComparison.Ordinal)) yaml += "\nhealth: { enabled: false }\n";
        var loaded = ConfigLoader.Parse(yaml, name + ".yaml");
        if (!loaded.Success) throw new InvalidOperationException($"{name}: config refused: {string.Join("; ", loaded.Errors)}");
        var bgpd = new InProcessBgpd(name);
        var daemon = BgpDaemon.Create(loaded.Config, name + ".yaml", bgpd._logger, null, out var errors)
            ?? throw new InvalidOperationException($"{name}: {string.Join("; ", errors)}");
        bgpd._daemon = daemon;
        await daemon.StartAsync(ct).ConfigureAwait(false);
        return bgpd;
    }

    /// <summary>The Loc-RIB's best path for <paramref name="prefix"/>, or null.</summary>
    public Task<LocRibEntry?> BestAsync(Prefix prefix, CancellationToken ct) => Daemon.Rib.GetBestAsync(prefix, ct);

    public string CollectLogs() => $"----- bgpd {Name}\n{string.Join('\n', _log)}";

    void ILogEventSink.Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        _log.Enqueue($"{logEvent.Timestamp:HH:mm:ss.fff} {logEvent.Level} {logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)}");
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>Stops our bgpd as a crash would: connections dropped without NOTIFICATION, kernel routes left.</summary>
    public async Task CrashAsync()
    {
        if (Interlocked.Exchange(ref _daemon, null) is not { } daemon) return;
        try
        {
            await daemon.CrashAsync().ConfigureAwait(false);
        }
        finally
        {
            await daemon.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops our bgpd for a planned restart (bgpctl graceful-restart): graceful-restart peers keep our routes, kernel routes stay.</summary>
    public async Task GracefulStopAsync()
    {
        if (Interlocked.Exchange(ref _daemon, null) is not { } daemon) return;
        try
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await daemon.GracefulStopAsync(stop.Token).ConfigureAwait(false);
        }
        finally
        {
            await daemon.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _daemon, null) is { } daemon)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await daemon.StopAsync(stop.Token).ConfigureAwait(false);
            }
            finally
            {
                await daemon.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}

using System.Runtime.InteropServices;
using System.Threading.Channels;
using Serilog;

namespace Bgp.Daemon.Hosting;

/// <summary>
/// bgpd's one control loop (Program runs it once the daemon started): the signals, the GracefulRestart RPC's request and
/// the RIB loop's failure are queued here and handled one at a time, so a reload, a stop and the stop after a failure
/// never run concurrently. SIGTERM/SIGINT stop with CEASE to every peer and exit 0; SIGHUP reloads; SIGUSR2 stops for a
/// planned restart (<see cref="BgpDaemon.GracefulStopAsync"/>) and exits 0. A failed RIB loop is logged as fatal and
/// stops bgpd as SIGTERM does (peers get the CEASE / Administrative Shutdown, RFC 4486), exiting
/// <see cref="ExitCodes.InternalError"/>: systemd (Restart=on-failure) or Kubernetes restart it, as after a crash of
/// BIRD, instead of peers routing through sessions kept up by a daemon whose RIB is dead.
/// </summary>
internal sealed class ControlLoop
{
    /// <summary>Linux SIGUSR2 as a raw number: PosixSignal names only the portable ones, and .NET takes raw numbers on Unix.</summary>
    public const PosixSignal Sigusr2 = (PosixSignal)12;

    private readonly Channel<ControlRequest> _requests = Channel.CreateUnbounded<ControlRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly BgpDaemon _daemon;
    private readonly ILogger _log;
    private readonly TimeSpan _stopTimeout;

    /// <summary>Subscribes to <paramref name="daemon"/>'s requests; create it before the daemon starts, so that none is missed.</summary>
    public ControlLoop(BgpDaemon daemon, ILogger log, TimeSpan stopTimeout)
    {
        ArgumentNullException.ThrowIfNull(daemon);
        ArgumentNullException.ThrowIfNull(log);
        _daemon = daemon;
        _log = log;
        _stopTimeout = stopTimeout;
        // The RPC's request joins the signals' queue, so it never runs during a reload.
        daemon.GracefulStopRequested += (_, _) => Post(Sigusr2);
        // So does the RIB loop's failure, raised on the loop's thread: only queued there.
        daemon.RibFailed += (_, fault) => _requests.Writer.TryWrite(new ControlRequest(default, fault));
    }

    /// <summary>
    /// Starts the daemon; null once it runs, else the exit code: <see cref="ExitCodes.Failure"/> when a socket, a socket
    /// option or netlink refused (the port taken, say), <see cref="ExitCodes.InternalError"/> when the RIB loop failed
    /// while the start still waited on it (originating the configured prefixes: no peer is up yet). Any other
    /// exception is a bug of the start itself and is thrown.
    /// </summary>
    public async Task<int?> StartAsync()
    {
        try
        {
            await _daemon.StartAsync(CancellationToken.None).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or Transport.SocketOptionException or Bgp.Netlink.NetlinkException)
        {
            _log.Fatal(e, "bgpd could not start: {Reason}", e.Message);
            return ExitCodes.Failure;
        }
        catch (Exception e) when (_daemon.RibFault is { } fault)
        {
            // What the start saw (the RIB's channel closed, its query abandoned) is the failure's consequence: the
            // failure itself is what to log. Thrown from here it ended bgpd as an unhandled exception, exit 134.
            _log.Fatal(fault, "RIB loop failed while bgpd started ({Seen}): {Reason}", e.GetType().Name, fault.Message);
            return ExitCodes.InternalError;
        }
    }

    /// <summary>Queues <paramref name="signal"/> (from a PosixSignalRegistration handler: never waits).</summary>
    public void Post(PosixSignal signal) => _requests.Writer.TryWrite(new ControlRequest(signal, null));

    /// <summary>Handles the requests in order until one stops bgpd; returns the process's exit code.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await foreach (var request in _requests.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (request.RibFault is { } fault)
            {
                _log.Fatal(fault, "RIB loop failed: {Reason}; stopping bgpd", fault.Message);
                await StopAsync(graceful: false).ConfigureAwait(false);
                return ExitCodes.InternalError;
            }
            var signal = request.Signal;
            if (signal == PosixSignal.SIGHUP)
            {
                await ReloadAsync().ConfigureAwait(false);
                continue;
            }
            // SIGUSR2 with graceful restart disabled is refused (and logged) by the daemon; bgpd keeps running.
            if (signal == Sigusr2 && _daemon.GracefulStopRefusal is not null)
            {
                _daemon.RequestGracefulStop(out var _);
                continue;
            }
            _log.Information("Received {Signal}", signal == Sigusr2 ? "SIGUSR2 (graceful restart)" : signal.ToString());
            await StopAsync(graceful: signal == Sigusr2).ConfigureAwait(false);
            // The RIB loop may have failed while this stop waited in the queue or ran: its request, behind, is not read.
            if (_daemon.RibFault is { } late)
            {
                _log.Fatal(late, "RIB loop failed: {Reason}", late.Message);
                return ExitCodes.InternalError;
            }
            return ExitCodes.Success;
        }
        return ExitCodes.Success;
    }

    private async Task ReloadAsync()
    {
        try
        {
            await _daemon.ReloadAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (_daemon.RibFault is not null)
        {
            // The reload met the failed RIB loop (its channel closed): the failure's own request, queued behind this
            // signal, stops bgpd next. Thrown from here, it ended the process without the CEASEs.
            _log.Error(e, "Reload abandoned: the RIB loop failed");
        }
    }

    private async Task StopAsync(bool graceful)
    {
        using var timeout = new CancellationTokenSource(_stopTimeout);
        try
        {
            if (graceful) await _daemon.GracefulStopAsync(timeout.Token).ConfigureAwait(false);
            else await _daemon.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            _log.Warning("Stop did not finish within {StopTimeout}; exiting anyway", _stopTimeout);
        }
    }
}

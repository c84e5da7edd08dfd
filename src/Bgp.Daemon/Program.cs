using System.Runtime.InteropServices;
using System.Threading.Channels;
using Bgp.Daemon.Config;
using Bgp.Daemon.Hosting;
using Serilog;
using Serilog.Core;

namespace Bgp.Daemon;

/// <summary>
/// <c>bgpd --config FILE [--log-format text|json]</c>: runs in the foreground (systemd and containers expect
/// that). SIGTERM/SIGINT stop it with CEASE to every peer; SIGHUP reloads the configuration file; SIGUSR2 (and the
/// GracefulRestart RPC) stop it for a planned restart, peers keeping our routes (<see cref="BgpDaemon.GracefulStopAsync"/>).
/// </summary>
internal static class Program
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    // A raw signal number (Linux SIGUSR2): PosixSignal names only the portable ones, and .NET takes raw numbers on Unix.
    private const PosixSignal Sigusr2 = (PosixSignal)12;

    private static async Task<int> Main(string[] args)
    {
        if (!CommandLineOptions.TryParse(args, out var options, out var argError))
        {
            await Console.Error.WriteLineAsync($"bgpd: {argError}{Environment.NewLine}{CommandLineOptions.Usage}").ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }

        // Every problem of the file is printed before anything touches the network.
        var loaded = ConfigLoader.Load(options.ConfigPath);
        if (!loaded.Success)
        {
            await Console.Error.WriteLineAsync(loaded.FormatErrors()).ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"bgpd: {loaded.Errors.Length} error(s) in {options.ConfigPath}; not started").ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }
        var config = loaded.Config;

        var level = new LoggingLevelSwitch(DaemonLogging.ToSerilog(config.Logging.Level));
        await using var logger = DaemonLogging.Create(options.LogFormat ?? config.Logging.Format, level);

        var daemon = BgpDaemon.Create(config, options.ConfigPath, logger, level, out var errors);
        if (daemon is null)
        {
            foreach (string e in errors) await Console.Error.WriteLineAsync($"{options.ConfigPath}: {e}").ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }
        return await RunAsync(daemon, logger).ConfigureAwait(false);
    }

    private static async Task<int> RunAsync(BgpDaemon daemon, ILogger log)
    {
        await using var _ = daemon.ConfigureAwait(false);
        // One queue for every signal, read by this loop: reloads and the stop never run concurrently.
        var signals = Channel.CreateUnbounded<PosixSignal>(new UnboundedChannelOptions { SingleReader = true });
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => OnSignal(c, signals.Writer));
        using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => OnSignal(c, signals.Writer));
        using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => OnSignal(c, signals.Writer));
        using var usr2 = PosixSignalRegistration.Create(Sigusr2, c => OnSignal(c, signals.Writer));
        // The RPC's request joins the signals' queue, so it never runs during a reload.
        daemon.GracefulStopRequested += (_, _) => signals.Writer.TryWrite(Sigusr2);

        try
        {
            await daemon.StartAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or Transport.SocketOptionException or Bgp.Netlink.NetlinkException)
        {
            log.Fatal(e, "bgpd could not start: {Reason}", e.Message);
            return ExitCodes.Failure;
        }

        await foreach (var signal in signals.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (signal == PosixSignal.SIGHUP)
            {
                await daemon.ReloadAsync(CancellationToken.None).ConfigureAwait(false);
                continue;
            }
            // SIGUSR2 with graceful restart disabled is refused (and logged) by the daemon; bgpd keeps running.
            if (signal == Sigusr2 && daemon.GracefulStopRefusal is not null)
            {
                daemon.RequestGracefulStop(out var _);
                continue;
            }
            log.Information("Received {Signal}", signal == Sigusr2 ? "SIGUSR2 (graceful restart)" : signal.ToString());
            using var timeout = new CancellationTokenSource(StopTimeout);
            try
            {
                if (signal == Sigusr2) await daemon.GracefulStopAsync(timeout.Token).ConfigureAwait(false);
                else await daemon.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                log.Warning("Stop did not finish within {StopTimeout}; exiting anyway", StopTimeout);
            }
            return ExitCodes.Success;
        }
        return ExitCodes.Success;
    }

    private static void OnSignal(PosixSignalContext context, ChannelWriter<PosixSignal> signals)
    {
        // Cancel: the runtime must not terminate the process; the loop stops it after the CEASEs went out.
        context.Cancel = true;
        signals.TryWrite(context.Signal);
    }
}

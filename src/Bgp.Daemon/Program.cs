using System.Runtime.InteropServices;
using Bgp.Daemon.Config;
using Bgp.Daemon.Hosting;
using Serilog;
using Serilog.Core;

namespace Bgp.Daemon;

/// <summary>
/// <c>bgpd --config FILE [--log-format text|json]</c>: runs in the foreground (systemd and containers expect
/// that). SIGTERM/SIGINT stop it with CEASE to every peer; SIGHUP reloads the configuration file; SIGUSR2 (and the
/// GracefulRestart RPC) stop it for a planned restart, peers keeping our routes (<see cref="BgpDaemon.GracefulStopAsync"/>);
/// a failed RIB loop stops it as SIGTERM does and it exits <see cref="ExitCodes.InternalError"/> (<see cref="ControlLoop"/>).
/// </summary>
internal static class Program
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

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
        // One queue for every signal, the GracefulRestart RPC and the RIB loop's failure, read by one loop: reloads and
        // the stop never run concurrently. Made before the start, so that no request is missed.
        var control = new ControlLoop(daemon, log, StopTimeout);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => OnSignal(c, control));
        using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => OnSignal(c, control));
        using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => OnSignal(c, control));
        using var usr2 = PosixSignalRegistration.Create(ControlLoop.Sigusr2, c => OnSignal(c, control));

        if (await control.StartAsync().ConfigureAwait(false) is { } failed) return failed;
        return await control.RunAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private static void OnSignal(PosixSignalContext context, ControlLoop control)
    {
        // Cancel: the runtime must not terminate the process; the loop stops it after the CEASEs went out.
        context.Cancel = true;
        control.Post(context.Signal);
    }
}

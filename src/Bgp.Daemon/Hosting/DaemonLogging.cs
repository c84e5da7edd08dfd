using Bgp.Daemon.Config;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Bgp.Daemon.Hosting;

/// <summary>Builds bgpd's Serilog logger: human text for a terminal, compact JSON (CLEF) for log collectors.</summary>
public static class DaemonLogging
{
    private const string TextTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {Message:lj}{NewLine}{Exception}";

    /// <summary>The level switch lets a reload change the level without rebuilding the logger.</summary>
    public static Logger Create(LogFormatSetting format, LoggingLevelSwitch level)
    {
        ArgumentNullException.ThrowIfNull(level);
        var configuration = new LoggerConfiguration().MinimumLevel.ControlledBy(level);
        configuration = format == LogFormatSetting.Json
            ? configuration.WriteTo.Console(new CompactJsonFormatter())
            : configuration.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        return configuration.CreateLogger();
    }

    public static LogEventLevel ToSerilog(LogLevelSetting level) => level switch
    {
        LogLevelSetting.Verbose => LogEventLevel.Verbose,
        LogLevelSetting.Debug => LogEventLevel.Debug,
        LogLevelSetting.Information => LogEventLevel.Information,
        LogLevelSetting.Warning => LogEventLevel.Warning,
        LogLevelSetting.Error => LogEventLevel.Error,
        _ => LogEventLevel.Fatal,
    };
}

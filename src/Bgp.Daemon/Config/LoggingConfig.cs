namespace Bgp.Daemon.Config;

/// <summary>
/// <c>logging: { level, format }</c>. The command line's <c>--log-format</c> wins over
/// <see cref="Format"/>; level names are Serilog's.
/// </summary>
public sealed record LoggingConfig
{
    public LogLevelSetting Level { get; init; } = LogLevelSetting.Information;
    public LogFormatSetting Format { get; init; } = LogFormatSetting.Text;
}

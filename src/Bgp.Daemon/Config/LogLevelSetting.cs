namespace Bgp.Daemon.Config;

/// <summary>Minimum log level, named as Serilog names its levels.</summary>
public enum LogLevelSetting
{
    Verbose,
    Debug,
    Information,
    Warning,
    Error,
    Fatal,
}

namespace Bgp.Daemon.Config;

/// <summary>Human text for a terminal, or compact JSON (one object per line) for collectors.</summary>
public enum LogFormatSetting
{
    Text,
    Json,
}

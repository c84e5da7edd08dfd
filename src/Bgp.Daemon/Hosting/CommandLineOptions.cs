using System.Diagnostics.CodeAnalysis;
using Bgp.Daemon.Config;

namespace Bgp.Daemon.Hosting;

/// <summary><c>bgpd --config FILE [--log-format text|json]</c>.</summary>
public sealed record CommandLineOptions(string ConfigPath, LogFormatSetting? LogFormat)
{
    public const string Usage = "usage: bgpd --config FILE [--log-format text|json]";

    /// <summary>Parses the arguments; on failure <paramref name="error"/> says which one is wrong.</summary>
    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out CommandLineOptions? options,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        options = null;
        string? config = null;
        LogFormatSetting? format = null;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "--config" or "-c":
                    if (i + 1 >= args.Count) { error = $"{arg} needs a file name"; return false; }
                    config = args[++i];
                    break;
                case "--log-format":
                    if (i + 1 >= args.Count) { error = "--log-format needs text or json"; return false; }
                    string value = args[++i];
                    format = value switch
                    {
                        "text" => LogFormatSetting.Text,
                        "json" => LogFormatSetting.Json,
                        _ => null,
                    };
                    if (format is null) { error = $"--log-format: '{value}' is neither text nor json"; return false; }
                    break;
                default:
                    error = $"unknown argument '{arg}'";
                    return false;
            }
        }
        if (config is null) { error = "--config FILE is required"; return false; }
        options = new CommandLineOptions(config, format);
        error = null;
        return true;
    }
}

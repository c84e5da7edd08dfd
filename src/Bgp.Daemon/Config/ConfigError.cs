namespace Bgp.Daemon.Config;

/// <summary>
/// One problem in a configuration file: where (file, 1-based line and column when known, key path such
/// as <c>peers[2].holdTime</c>) and why. <see cref="ToString"/> reads like a compiler message:
/// <c>bgpd.yaml:14:15: peers[2].holdTime: must be 0 or between 3 and 65535 (RFC 4271 4.2), got 2</c>.
/// </summary>
public sealed record ConfigError(string File, int? Line, int? Column, string Path, string Message)
{
    public override string ToString()
    {
        string where = Line is int l ? $"{File}:{l}:{Column ?? 1}" : File;
        return Path.Length == 0 ? $"{where}: {Message}" : $"{where}: {Path}: {Message}";
    }
}

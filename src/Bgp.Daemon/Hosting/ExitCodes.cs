namespace Bgp.Daemon.Hosting;

/// <summary>bgpd's process exit codes (systemd and container runtimes only tell 0 from the rest).</summary>
public static class ExitCodes
{
    /// <summary>Stopped by SIGTERM/SIGINT after telling every peer.</summary>
    public const int Success = 0;
    /// <summary>Something failed while running (e.g. the listen port is taken).</summary>
    public const int Failure = 1;
    /// <summary>Bad command line or configuration: refused before touching the network.</summary>
    public const int BadConfiguration = 2;
    /// <summary>
    /// The RIB loop failed (a broken invariant): bgpd stopped as for SIGTERM, its peers told, for its supervisor to
    /// restart it. EX_SOFTWARE of sysexits.h, as bgpctl uses sysexits too.
    /// </summary>
    public const int InternalError = 70;
}

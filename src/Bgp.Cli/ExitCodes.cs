namespace Bgp.Cli;

/// <summary>
/// bgpctl's exit status. The API commands follow sysexits.h so that a script can tell "bgpd said no" from
/// "bgpd is not there" from "I typed it wrong"; decode and mrt keep their original 0/1/2.
/// </summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>bgpd answered with an error status (NOT_FOUND, INVALID_ARGUMENT, ...) or refused a reload.</summary>
    public const int Failed = 1;

    /// <summary>decode and mrt: bad arguments (kept from before the API commands existed).</summary>
    public const int OfflineUsage = 2;

    /// <summary>EX_USAGE: unknown command or option, bad prefix, address or family.</summary>
    public const int Usage = 64;

    /// <summary>EX_UNAVAILABLE: bgpd could not be reached (refused, no route, TLS handshake failed).</summary>
    public const int Unavailable = 69;

    /// <summary>EX_TEMPFAIL: bgpd took longer than the deadline to answer.</summary>
    public const int Timeout = 75;

    /// <summary>Interrupted (SIGINT) before an answer came; 128 + 2 as shells report it.</summary>
    public const int Interrupted = 130;
}

using System.Globalization;

namespace Bgp.Cli.Api;

/// <summary>
/// Where bgpd's API listens and how to talk to it: "HOST:PORT", "[V6]:PORT", "HOST" (port 50051) or a
/// full "http://" / "https://" URL; a CA or client certificate turns a bare address into https.
/// <see cref="Display"/> is the host:port the error messages name.
/// </summary>
internal sealed record ApiTarget(Uri Address, string Display, string? CaFile, string? CertFile, string? KeyFile)
{
    public const string DefaultAddress = "127.0.0.1:50051";
    public const int DefaultPort = 50051;

    public bool Tls => Address.Scheme == Uri.UriSchemeHttps;

    /// <summary>Parses the --api value; null with <paramref name="problem"/> set when it is no address.</summary>
    public static ApiTarget? TryCreate(string text, string? caFile, string? certFile, string? keyFile, out string? problem)
    {
        problem = null;
        if ((certFile is null) != (keyFile is null))
        {
            problem = "--cert and --key go together";
            return null;
        }
        bool wantTls = caFile is not null || certFile is not null;
        string scheme = wantTls ? "https" : "http";
        string rest = text;
        int sep = text.IndexOf("://", StringComparison.Ordinal);
        if (sep >= 0)
        {
            scheme = text[..sep].ToLowerInvariant();
            rest = text[(sep + 3)..].TrimEnd('/');
            if (scheme is not ("http" or "https"))
            {
                problem = $"--api '{text}': scheme must be http or https";
                return null;
            }
            if (scheme == "http" && wantTls)
            {
                problem = $"--api '{text}' is plain http but --ca/--cert ask for TLS";
                return null;
            }
        }
        if (!Uri.TryCreate($"{scheme}://{rest}", UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || rest.Length == 0
            || uri.Host.Length == 0 || !string.IsNullOrEmpty(uri.Query) || rest.Contains('@', StringComparison.Ordinal))
        {
            problem = $"--api '{text}' is not HOST:PORT";
            return null;
        }
        if (uri.IsDefaultPort && !HasExplicitPort(rest))
            uri = new UriBuilder(uri) { Port = DefaultPort }.Uri;
        // Uri.Host keeps the brackets of an IPv6 literal, so this reads back as an --api value.
        string display = $"{uri.Host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";
        return new ApiTarget(uri, display, caFile, certFile, keyFile);
    }

    private static bool HasExplicitPort(string hostPort)
    {
        int close = hostPort.LastIndexOf(']');
        return hostPort.IndexOf(':', close + 1) >= 0;
    }
}

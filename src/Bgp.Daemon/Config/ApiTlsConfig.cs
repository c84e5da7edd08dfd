namespace Bgp.Daemon.Config;

/// <summary>
/// <c>api.tls:</c> PEM files for the gRPC server. Paths are absolute after loading (relative ones are
/// resolved against the configuration file's folder). <see cref="ClientCaFile"/> turns on mutual TLS:
/// clients must present a certificate signed by it.
/// </summary>
public sealed record ApiTlsConfig
{
    public required string CertFile { get; init; }
    public required string KeyFile { get; init; }
    public string? ClientCaFile { get; init; }
}

using System.Net;

namespace Bgp.Daemon.Config;

/// <summary>
/// <c>api:</c> the gRPC endpoint. Loopback by default; a non-loopback address is refused without
/// <see cref="Tls"/>, because the API can add peers and announce prefixes.
/// </summary>
public sealed record ApiConfig
{
    public const int DefaultPort = 50051;

    public IPAddress Address { get; init; } = IPAddress.Loopback;
    public int Port { get; init; } = DefaultPort;
    public ApiTlsConfig? Tls { get; init; }
}

using System.Net;

namespace Bgp.Daemon.Config;

/// <summary>
/// <c>health:</c> the plain HTTP endpoint for probes and Prometheus (<c>/readiness</c>, <c>/liveness</c>,
/// <c>/metrics</c>). Port 9099 is Calico's BGP health port, so existing probes keep working.
/// <see cref="ReadinessGrace"/>: a configured, enabled peer that is not Established does not hold readiness
/// back once this long has passed since start (a peer that is down must not keep the node out forever).
/// </summary>
public sealed record HealthConfig
{
    public const int DefaultPort = 9099;

    /// <summary>False: no health/metrics endpoint (<c>health: { enabled: false }</c>).</summary>
    public bool Enabled { get; init; } = true;
    public IPAddress Address { get; init; } = IPAddress.Loopback;
    public int Port { get; init; } = DefaultPort;
    public TimeSpan ReadinessGrace { get; init; } = TimeSpan.FromSeconds(30);
}

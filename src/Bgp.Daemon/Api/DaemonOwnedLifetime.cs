using Microsoft.Extensions.Hosting;

namespace Bgp.Daemon.Api;

/// <summary>
/// The lifetime of the API and health web hosts: bgpd's own signal loop (Program.RunAsync) owns SIGTERM,
/// SIGINT and SIGHUP, so the hosts must not. With ASP.NET Core's default console lifetime, a SIGTERM that
/// came while Kestrel was still starting cancelled its start, and the TaskCanceledException ended bgpd
/// without sending CEASE to its peers (found by BgpdProcessTests under load).
/// </summary>
internal sealed class DaemonOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

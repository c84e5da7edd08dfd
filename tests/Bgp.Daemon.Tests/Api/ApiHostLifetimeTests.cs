using Bgp.Daemon.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bgp.Daemon.Tests.Api;

/// <summary>
/// bgpd's API and health servers must not take SIGTERM/SIGINT for themselves: with ASP.NET Core's console
/// lifetime, a SIGTERM while Kestrel was starting cancelled the start and ended bgpd without CEASE.
/// </summary>
public sealed class ApiHostLifetimeTests
{
    [Fact]
    public async Task NewBuilder_Built_LifetimeLeavesSignalsToBgpd()
    {
        await using var app = ApiHost.NewBuilder().Build();
        Assert.IsType<DaemonOwnedLifetime>(app.Services.GetRequiredService<IHostLifetime>());
    }
}

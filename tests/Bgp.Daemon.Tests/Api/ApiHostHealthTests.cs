using Bgp.Daemon.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Bgp.Daemon.Tests.Api;

/// <summary>The health publisher behind grpc.health.v1 Watch runs first at startup, not 5 s later in a table load.</summary>
public sealed class ApiHostHealthTests
{
    [Fact]
    public void AddHealthChecks_Registered_PublisherFirstRunsAtStartup()
    {
        var services = new ServiceCollection();
        ApiHost.AddHealthChecks(services, () => true);
        using var provider = services.BuildServiceProvider();
        Assert.Equal(TimeSpan.Zero, provider.GetRequiredService<IOptions<HealthCheckPublisherOptions>>().Value.Delay);
    }

    [Theory]
    [InlineData(true, HealthStatus.Healthy)]
    [InlineData(false, HealthStatus.Unhealthy)]
    public async Task AddHealthChecks_RibLoop_DecidesTheStatus(bool running, HealthStatus expected)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        ApiHost.AddHealthChecks(services, () => running);
        await using var provider = services.BuildServiceProvider();
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(CancellationToken.None);
        Assert.Equal(expected, report.Status);
    }
}

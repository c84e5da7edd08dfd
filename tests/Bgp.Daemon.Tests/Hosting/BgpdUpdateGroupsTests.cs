using Bgp.Daemon.Hosting;
using Serilog;

namespace Bgp.Daemon.Tests.Hosting;

/// <summary>The <c>updateGroups</c> key reaches the daemon's RIB engine (RibEngineSettings.UpdateGroups).</summary>
public class BgpdUpdateGroupsTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public async Task Create_UpdateGroupsKey_SetsTheEngineSetting(bool? key, bool expected)
    {
        var config = MinimalDaemonConfig.With(key is { } k ? $"updateGroups: {(k ? "true" : "false")}" : null);

        await using var daemon = BgpDaemon.Create(config, "groups.yaml", new LoggerConfiguration().CreateLogger(), null, out var errors);

        Assert.Empty(errors);
        Assert.Equal(expected, daemon!.Rib.Engine.Settings.UpdateGroups);
    }
}

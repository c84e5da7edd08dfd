using System.Net;
using Bgp.Daemon.Config;
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
        var loopback = IPAddress.Loopback;
        string yaml = $"""
            asNumber: 64512
            routerId: 192.0.2.1
            listen: {"{"} address: 127.0.0.1, port: {BgpdProcess.FreePort(loopback)} {"}"}
            api: {"{"} address: 127.0.0.1, port: {BgpdProcess.FreePort(loopback)} {"}"}
            health: {"{"} enabled: false {"}"}
            {(key is { } k ? $"updateGroups: {(k ? "true" : "false")}" : "")}
            """;
        var loaded = ConfigLoader.Parse(yaml, "groups.yaml");
        Assert.True(loaded.Success, loaded.FormatErrors());

        await using var daemon = BgpDaemon.Create(loaded.Config, "groups.yaml", new LoggerConfiguration().CreateLogger(), null, out var errors);

        Assert.Empty(errors);
        Assert.Equal(expected, daemon!.Rib.Engine.Settings.UpdateGroups);
    }
}

using System.Net;
using Bgp.Daemon.Config;

namespace Bgp.Daemon.Tests.Hosting;

/// <summary>A daemon config with no peers on free loopback ports and health off, for tests of one top-level key.</summary>
internal static class MinimalDaemonConfig
{
    /// <param name="lines">More top-level lines, newline-separated (e.g. "updateGroups: true"), or null for none.</param>
    public static BgpdConfig With(string? lines)
    {
        var loopback = IPAddress.Loopback;
        string yaml = $"""
            asNumber: 64512
            routerId: 192.0.2.1
            listen: {"{"} address: 127.0.0.1, port: {BgpdProcess.FreePort(loopback)} {"}"}
            api: {"{"} address: 127.0.0.1, port: {BgpdProcess.FreePort(loopback)} {"}"}
            health: {"{"} enabled: false {"}"}
            {lines ?? ""}
            """;
        var loaded = ConfigLoader.Parse(yaml, "minimal.yaml");
        Assert.True(loaded.Success, loaded.FormatErrors());
        return loaded.Config!;
    }
}

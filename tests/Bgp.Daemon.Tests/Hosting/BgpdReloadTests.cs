using System.Net;
using Bgp.Daemon.Routing;
using Bgp.Daemon.Sessions;
using Bgp.Protocol;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;

namespace Bgp.Daemon.Tests.Hosting;

/// <summary>SIGHUP on a running bgpd process: a bad file is refused and logged, a good one adds peers and prefixes.</summary>
public sealed class BgpdReloadTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sighup_BadThenGoodFile_BadKeptOutGoodAddsPeerAndPrefix()
    {
        var d = IPAddress.Parse("127.0.0.6");
        var t = IPAddress.Parse("127.0.0.7");
        int portD = BgpdProcess.FreePort(d), portT = BgpdProcess.FreePort(t);
        using var folder = new TempConfigFolder();
        string head = $$"""
            asNumber: 65010
            routerId: 10.0.1.1
            listen: { address: {{d}}, port: {{portD}} }

            """;
        string file = folder.Write("d.yaml", head + "prefixes: [10.10.0.0/24]\n");

        await using var speaker = new BgpSpeaker(new SpeakerSettings
        {
            LocalAs = 65011,
            RouterId = RouterId.Parse("10.0.1.2"),
            ListenAddress = t,
            ListenPort = portT,
            Peers = [new PeerSettings { Address = d, Port = portD, PeerAs = 65010, Passive = true }],
        });
        await using var rib = new RibLoop(new RibEngine(new RibEngineSettings(65011, RouterId.Parse("10.0.1.2"))));
        rib.Attach(speaker.Peers[0], new PeerRibOptions { ImportFilter = Filter.AcceptAll, ExportFilter = Filter.RejectAll });
        await rib.StartAsync(CancellationToken.None);
        await speaker.StartAsync(CancellationToken.None);

        await using var bgpd = BgpdProcess.Start("--config", file);
        Assert.True(await bgpd.WaitForOutputAsync("bgpd started", Generous), bgpd.Describe());

        File.WriteAllText(file, head + "prefixes: [10.10.0.0/24]\nmaxPaths: 0\n");
        await bgpd.SignalAsync("HUP");
        Assert.True(await bgpd.WaitForOutputAsync("Reload refused", Generous), bgpd.Describe());
        Assert.Contains("maxPaths", bgpd.Stdout, StringComparison.Ordinal);
        Assert.False(bgpd.HasExited);

        File.WriteAllText(file, head + $$"""
            prefixes: [10.10.0.0/24, 10.11.0.0/24]
            peers:
              - { peerIP: "{{t}}:{{portT}}", asNumber: 65011, sourceAddress: {{d}}, importFilter: reject-all, exportFilter: accept-all }
            """);
        await bgpd.SignalAsync("HUP");
        Assert.True(await bgpd.WaitForOutputAsync("Reload: adding peer", Generous), bgpd.Describe());

        using (var established = new CancellationTokenSource(Generous))
            await speaker.Peers[0].WaitForEstablishedAsync(established.Token);
        // The added peer's whole life is logged, its first move out of Idle included.
        Assert.True(await bgpd.WaitForOutputAsync($"Peer {t} AS 65011: Idle -> ", Generous), bgpd.Describe());
        foreach (string p in new[] { "10.10.0.0/24", "10.11.0.0/24" })
        {
            var deadline = DateTime.UtcNow + Generous;
            LocRibEntry? best = null;
            while (best is null && DateTime.UtcNow < deadline)
            {
                best = await rib.GetBestAsync(Prefix.Parse(p), CancellationToken.None);
                if (best is null) await Task.Delay(100);
            }
            Assert.True(best is not null, $"no route to {p}\n{bgpd.Describe()}");
            Assert.Equal("65010", best.Attributes.AsPath?.ToString());
        }

        await bgpd.SignalAsync("TERM");
        Assert.True(await bgpd.WaitForExitAsync(TimeSpan.FromSeconds(10)), bgpd.Describe());
        Assert.Equal(0, bgpd.ExitCode);
        await speaker.StopAsync(CancellationToken.None);
    }
}

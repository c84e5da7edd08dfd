using System.Net;
using Bgp.Daemon.Routing;
using Bgp.Daemon.Sessions;
using Bgp.Protocol;
using Bgp.Protocol.Session;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;

namespace Bgp.Daemon.Tests.Hosting;

/// <summary>SIGHUP with changed filters on a running bgpd: applied by soft reset, the session stays up.</summary>
public sealed class BgpdSoftReloadTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private static async Task<LocRibEntry?> WaitForAsync(RibLoop rib, string prefix)
    {
        var deadline = DateTime.UtcNow + Generous;
        while (DateTime.UtcNow < deadline)
        {
            var best = await rib.GetBestAsync(Prefix.Parse(prefix), CancellationToken.None);
            if (best is not null) return best;
            await Task.Delay(100);
        }
        return null;
    }

    [Fact]
    public async Task Sighup_FiltersChanged_ExportDifferenceSentAndRouteRefreshAskedWithoutSessionReset()
    {
        var d = IPAddress.Parse("127.0.0.21");
        var t = IPAddress.Parse("127.0.0.22");
        int portD = BgpdProcess.FreePort(d), portT = BgpdProcess.FreePort(t);
        using var folder = new TempConfigFolder();
        string Config(string import, string export) => $$"""
            asNumber: 65020
            routerId: 10.0.2.1
            listen: { address: {{d}}, port: {{portD}} }
            prefixes: [10.20.0.0/24, 10.21.0.0/24]
            filters:
              first-only:
                - { name: first, match: { prefixes: ["10.20.0.0/24"] }, result: accept }
            peers:
              - { peerIP: "{{t}}:{{portT}}", asNumber: 65021, sourceAddress: {{d}}, importFilter: {{import}}, exportFilter: {{export}} }
            """;
        string file = folder.Write("d.yaml", Config("reject-all", "first-only"));

        await using var speaker = new BgpSpeaker(new SpeakerSettings
        {
            LocalAs = 65021,
            RouterId = RouterId.Parse("10.0.2.2"),
            ListenAddress = t,
            ListenPort = portT,
            Peers = [new PeerSettings { Address = d, Port = portD, PeerAs = 65020, Passive = true }],
        });
        int downs = 0;
        speaker.Peers[0].Down += (_, _) => Interlocked.Increment(ref downs);
        await using var rib = new RibLoop(new RibEngine(new RibEngineSettings(65021, RouterId.Parse("10.0.2.2"))));
        rib.Attach(speaker.Peers[0], new PeerRibOptions { ImportFilter = Filter.AcceptAll, ExportFilter = Filter.AcceptAll });
        await rib.StartAsync(CancellationToken.None);
        await rib.OriginateAsync(Prefix.Parse("10.30.0.0/24"), CancellationToken.None);
        await speaker.StartAsync(CancellationToken.None);

        await using var bgpd = BgpdProcess.Start("--config", file);
        Assert.True(await bgpd.WaitForOutputAsync("bgpd started", Generous), bgpd.Describe());
        using (var established = new CancellationTokenSource(Generous))
            await speaker.Peers[0].WaitForEstablishedAsync(established.Token);
        Assert.NotNull(await WaitForAsync(rib, "10.20.0.0/24"));
        Assert.Null(await rib.GetBestAsync(Prefix.Parse("10.21.0.0/24"), CancellationToken.None));

        File.WriteAllText(file, Config("accept-all", "accept-all"));
        await bgpd.SignalAsync("HUP");

        // Export: the prefix the old filter held back arrives; import: bgpd asks for our routes again.
        Assert.True(await WaitForAsync(rib, "10.21.0.0/24") is not null, bgpd.Describe());
        Assert.True(await bgpd.WaitForOutputAsync("ROUTE-REFRESH sent", Generous), bgpd.Describe());
        Assert.Equal(0, Volatile.Read(ref downs));
        Assert.Equal(SessionState.Established, speaker.Peers[0].State);

        await bgpd.SignalAsync("TERM");
        Assert.True(await bgpd.WaitForExitAsync(TimeSpan.FromSeconds(10)), bgpd.Describe());
        await speaker.StopAsync(CancellationToken.None);
    }
}

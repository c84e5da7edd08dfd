using System.Net;
using Bgp.Daemon.Routing;
using Bgp.Daemon.Sessions;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;

namespace Bgp.Daemon.Tests.Hosting;

/// <summary>
/// ADD-PATH send end to end (RFC 7911): a bgpd route reflector with <c>addPaths: send</c> towards its client
/// passes on both paths of a prefix two eBGP speakers (bgpd processes) originate, and the client (a speaker
/// in this process offering ADD-PATH receive) keeps both in its Adj-RIB-In.
/// </summary>
public sealed class BgpdAddPathTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Reflector_AddPathSendToClient_ClientAdjRibInHoldsBothPaths()
    {
        var a = IPAddress.Parse("127.0.0.21");
        var b = IPAddress.Parse("127.0.0.22");
        var r = IPAddress.Parse("127.0.0.23");
        var c = IPAddress.Parse("127.0.0.24");
        int portA = BgpdProcess.FreePort(a), portB = BgpdProcess.FreePort(b), portR = BgpdProcess.FreePort(r), portC = BgpdProcess.FreePort(c);
        using var folder = new TempConfigFolder();
        string Origin(uint asn, IPAddress self, int port) => folder.Write($"o{asn}.yaml", $$"""
            asNumber: {{asn}}
            routerId: 10.0.0.{{asn - 65000}}
            listen: { address: {{self}}, port: {{port}} }
            peers:
              - { peerIP: "{{r}}:{{portR}}", asNumber: 65000, sourceAddress: {{self}}, importFilter: accept-all, exportFilter: accept-all }
            prefixes: [10.9.0.0/24]
            """);
        string fileA = Origin(65001, a, portA);
        string fileB = Origin(65002, b, portB);
        string fileR = folder.Write("r.yaml", $$"""
            asNumber: 65000
            routerId: 10.0.0.100
            listen: { address: {{r}}, port: {{portR}} }
            peers:
              - { peerIP: "{{a}}:{{portA}}", asNumber: 65001, sourceAddress: {{r}}, importFilter: accept-all, exportFilter: accept-all }
              - { peerIP: "{{b}}:{{portB}}", asNumber: 65002, sourceAddress: {{r}}, importFilter: accept-all, exportFilter: accept-all }
              - { peerIP: "{{c}}:{{portC}}", asNumber: 65000, sourceAddress: {{r}}, routeReflectorClient: true, addPaths: send }
            """);

        await using var speaker = new BgpSpeaker(new SpeakerSettings
        {
            LocalAs = 65000,
            RouterId = RouterId.Parse("10.0.0.200"),
            ListenAddress = c,
            ListenPort = portC,
            Peers = [new PeerSettings { Address = r, Port = portR, PeerAs = 65000, SourceAddress = c, AddPath = AddPathDirection.Receive }],
        });
        await using var rib = new RibLoop(new RibEngine(new RibEngineSettings(65000, RouterId.Parse("10.0.0.200"))));
        int peerId = rib.Attach(speaker.Peers[0], new PeerRibOptions { ImportFilter = Filter.AcceptAll, ExportFilter = Filter.RejectAll });
        await rib.StartAsync(CancellationToken.None);
        await speaker.StartAsync(CancellationToken.None);

        await using var bgpdR = BgpdProcess.Start("--config", fileR);
        await using var bgpdA = BgpdProcess.Start("--config", fileA);
        await using var bgpdB = BgpdProcess.Start("--config", fileB);

        var prefix = Prefix.Parse("10.9.0.0/24");
        List<LocRibEntry> paths = [];
        var deadline = DateTime.UtcNow + Generous;
        while (DateTime.UtcNow < deadline)
        {
            paths = (await rib.SnapshotAdjRibInAsync(peerId, CancellationToken.None)).FindAll(p => p.Prefix == prefix);
            if (paths.Count >= 2) break;
            await Task.Delay(100);
        }
        Assert.True(paths.Count == 2, $"{paths.Count} paths to {prefix} at the client\n{bgpdR.Describe()}{bgpdA.Describe()}{bgpdB.Describe()}");
        // Two paths kept apart by their ids, one through each origin AS with its own next hop (unchanged on iBGP).
        Assert.NotEqual(paths[0].PathId, paths[1].PathId);
        Assert.Equal(["65001", "65002"], paths.Select(p => p.Attributes.AsPath?.ToString()).Order());
        Assert.Equal([a.ToString(), b.ToString()], paths.Select(p => p.NextHop?.ToString()).Order());

        foreach (var bgpd in new[] { bgpdA, bgpdB, bgpdR })
        {
            await bgpd.SignalAsync("TERM");
            Assert.True(await bgpd.WaitForExitAsync(TimeSpan.FromSeconds(10)), bgpd.Describe());
        }
        await speaker.StopAsync(CancellationToken.None);
    }
}

using System.Net;
using Bgp.Daemon.Routing;
using Bgp.Daemon.Sessions;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;

namespace Bgp.Daemon.Tests.Hosting;

/// <summary>
/// <c>addPaths: ecmp</c> end to end (RFC 7911 with the multipath set of RFC 4271 9.1.2): a bgpd route reflector
/// with <c>maxPaths: 2</c> and multipath across neighbour ASes gives its client both equal-cost paths of a prefix
/// two eBGP speakers (bgpd processes) originate, each under its own path id, and only the best path of a prefix
/// where one origin prepended (that longer path is not in the ECMP set, so "send every path" would have sent it).
/// </summary>
public sealed class BgpdAddPathEcmpTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Reflector_AddPathEcmpToClient_ClientGetsTheMultipathSetOnly()
    {
        var a = IPAddress.Parse("127.0.0.25");
        var b = IPAddress.Parse("127.0.0.26");
        var r = IPAddress.Parse("127.0.0.27");
        var c = IPAddress.Parse("127.0.0.28");
        int portA = BgpdProcess.FreePort(a), portB = BgpdProcess.FreePort(b), portR = BgpdProcess.FreePort(r), portC = BgpdProcess.FreePort(c);
        using var folder = new TempConfigFolder();
        // Both origins announce 10.9.0.0/24 (equal AS_PATH lengths: ECMP) and 10.8.0.0/24, which 65002 prepends
        // twice so that only 65001's path is in the multipath set.
        string Origin(uint asn, IPAddress self, int port, int prepend) => folder.Write($"o{asn}.yaml", $$"""
            asNumber: {{asn}}
            routerId: 10.0.0.{{asn - 65000}}
            listen: { address: {{self}}, port: {{port}} }
            peers:
              - { peerIP: "{{r}}:{{portR}}", asNumber: 65000, sourceAddress: {{self}}, importFilter: accept-all, exportFilter: out }
            prefixes: [10.9.0.0/24, 10.8.0.0/24]
            filters:
              out:
                - match: { prefixes: ["10.8.0.0/24"] }
                  actions: { prependAs: {{prepend}} }
                  result: accept
                - result: accept
            """);
        string fileA = Origin(65001, a, portA, 0);
        string fileB = Origin(65002, b, portB, 2);
        string fileR = folder.Write("r.yaml", $$"""
            asNumber: 65000
            routerId: 10.0.0.100
            listen: { address: {{r}}, port: {{portR}} }
            maxPaths: 2
            bestPath: { multipathRelax: true }
            peers:
              - { peerIP: "{{a}}:{{portA}}", asNumber: 65001, sourceAddress: {{r}}, importFilter: accept-all, exportFilter: accept-all }
              - { peerIP: "{{b}}:{{portB}}", asNumber: 65002, sourceAddress: {{r}}, importFilter: accept-all, exportFilter: accept-all }
              - { peerIP: "{{c}}:{{portC}}", asNumber: 65000, sourceAddress: {{r}}, routeReflectorClient: true, addPaths: ecmp }
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

        var equal = Prefix.Parse("10.9.0.0/24");
        var prepended = Prefix.Parse("10.8.0.0/24");
        List<LocRibEntry> all = [];
        var deadline = DateTime.UtcNow + Generous;
        while (DateTime.UtcNow < deadline)
        {
            all = await rib.SnapshotAdjRibInAsync(peerId, CancellationToken.None);
            if (all.Count(p => p.Prefix == equal) >= 2 && all.Any(p => p.Prefix == prepended)) break;
            await Task.Delay(100);
        }
        string Why() => $"{string.Join(", ", all.Select(p => $"{p.Prefix}#{p.PathId} via {p.Attributes.AsPath}"))}\n{bgpdR.Describe()}{bgpdA.Describe()}{bgpdB.Describe()}";
        var paths = all.FindAll(p => p.Prefix == equal);
        Assert.True(paths.Count == 2, Why());
        // The two members of the set, kept apart by their ids, one through each origin AS with its own next hop.
        Assert.NotEqual(paths[0].PathId, paths[1].PathId);
        Assert.Equal(["65001", "65002"], paths.Select(p => p.Attributes.AsPath?.ToString()).Order());
        Assert.Equal([a.ToString(), b.ToString()], paths.Select(p => p.NextHop?.ToString()).Order());

        // Both origins sent 10.8.0.0/24 with 10.9.0.0/24 (one OPEN-to-UPDATE burst each), so the reflector has held
        // 65002's longer path since the set above arrived; give a wrongly sent path time to arrive anyway.
        await Task.Delay(TimeSpan.FromSeconds(1));
        all = await rib.SnapshotAdjRibInAsync(peerId, CancellationToken.None);
        var best = Assert.Single(all.FindAll(p => p.Prefix == prepended));
        Assert.Equal("65001", best.Attributes.AsPath?.ToString());

        foreach (var bgpd in new[] { bgpdA, bgpdB, bgpdR })
        {
            await bgpd.SignalAsync("TERM");
            Assert.True(await bgpd.WaitForExitAsync(TimeSpan.FromSeconds(10)), bgpd.Describe());
        }
        await speaker.StopAsync(CancellationToken.None);
    }
}

using System.Net;
using Bgp.Daemon.Routing;
using Bgp.Daemon.Sessions;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;
using Microsoft.Extensions.Time.Testing;

namespace Bgp.Daemon.Tests.Routing;

/// <summary>Three of our speakers in a line A - B - C over eBGP on 127.0.0.1/2/3, each with its own RIB loop.</summary>
public sealed class RibLoopLineTests
{
    private static readonly PeerRibOptions Open = new() { ImportFilter = Filter.AcceptAll, ExportFilter = Filter.AcceptAll };

    private sealed record Node(BgpSpeaker Speaker, RibLoop Loop, IPAddress Address) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Loop.DisposeAsync();
            await Speaker.DisposeAsync();
        }
    }

    private static async Task<Node> NodeAsync(uint asn, string address, TimeProvider time)
    {
        var ip = IPAddress.Parse(address);
        // The port is chosen up front so that peers can be added (and attached) before anything starts.
        var settings = new SpeakerSettings { LocalAs = asn, RouterId = RouterId.Parse(address), ListenAddress = ip, ListenPort = FreePort(ip) };
        var speaker = new BgpSpeaker(settings, time, new Random(7));
        var loop = new RibLoop(new RibEngine(new RibEngineSettings(asn, settings.RouterId)));
        await loop.StartAsync(CancellationToken.None);
        return new Node(speaker, loop, ip);
    }

    /// <summary>Peers <paramref name="from"/> with <paramref name="to"/>: <paramref name="from"/> connects from its own address.</summary>
    private static PeerSession Link(Node from, Node to, uint toAs, bool passive)
    {
        var settings = new PeerSettings
        {
            Address = to.Address,
            Port = to.Speaker.Settings.ListenPort,
            PeerAs = toAs,
            Passive = passive,
            SourceAddress = from.Address,
        };
        // The speaker is not started yet: the session starts with it, after the RIB loop attached to it.
        return from.Speaker.AddPeer(settings);
    }

    private static async Task<LocRibEntry?> WaitForAsync(RibLoop loop, Prefix prefix, bool present, CancellationToken cancellationToken)
    {
        while (true)
        {
            var best = await loop.GetBestAsync(prefix, cancellationToken);
            if ((best is not null) == present) return best;
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    private static int FreePort(IPAddress address)
    {
        using var probe = new System.Net.Sockets.TcpListener(address, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    [Fact]
    public async Task LineOfThree_AOriginatesThenStops_CLearnsViaBThenLosesIt()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(25));
        var ct = deadline.Token;
        var time = new FakeTimeProvider();
        await using var a = await NodeAsync(65001, "127.0.0.1", time);
        await using var b = await NodeAsync(65002, "127.0.0.2", time);
        await using var c = await NodeAsync(65003, "127.0.0.3", time);

        a.Loop.Attach(Link(a, b, 65002, passive: false), Open);
        b.Loop.Attach(Link(b, a, 65001, passive: true), Open);
        b.Loop.Attach(Link(b, c, 65003, passive: false), Open);
        c.Loop.Attach(Link(c, b, 65002, passive: true), Open);
        // Listeners before connectors: a refused connect would wait for ConnectRetry on the fake clock.
        foreach (var node in new[] { c, b, a }) await node.Speaker.StartAsync(ct);
        foreach (var node in new[] { a, b, c })
            foreach (var peer in node.Speaker.Peers)
                await peer.WaitForEstablishedAsync(ct);

        var pod = Prefix.Parse("10.244.1.0/26");
        await a.Loop.OriginateAsync(pod, ct);

        var atC = await WaitForAsync(c.Loop, pod, present: true, ct);
        Assert.Equal(AsPath.FromSequence(65002, 65001), atC!.Attributes.AsPath);
        Assert.Equal(b.Address, atC.NextHop);
        var atB = await b.Loop.GetBestAsync(pod, ct);
        Assert.Equal(a.Address, atB!.NextHop);
        Assert.Single(await c.Loop.SnapshotLocRibAsync(null, ct));

        await a.Loop.StopOriginatingAsync(pod, ct);

        await WaitForAsync(c.Loop, pod, present: false, ct);
        Assert.Null(await b.Loop.GetBestAsync(pod, ct));
        Assert.Empty(await c.Loop.SnapshotLocRibAsync(null, ct));
    }
}

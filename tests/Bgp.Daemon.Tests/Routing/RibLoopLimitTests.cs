using System.Net;
using Bgp.Daemon.Routing;
using Bgp.Daemon.Sessions;
using Bgp.Protocol;
using Bgp.Protocol.Session;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;
using Microsoft.Extensions.Time.Testing;

namespace Bgp.Daemon.Tests.Routing;

/// <summary>Two of our speakers over eBGP on 127.0.0.4/5: B limits what it takes from A.</summary>
public sealed class RibLoopLimitTests
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
        var settings = new SpeakerSettings { LocalAs = asn, RouterId = RouterId.Parse(address), ListenAddress = ip, ListenPort = FreePort(ip) };
        var speaker = new BgpSpeaker(settings, time, new Random(7));
        var loop = new RibLoop(new RibEngine(new RibEngineSettings(asn, settings.RouterId)));
        await loop.StartAsync(CancellationToken.None);
        return new Node(speaker, loop, ip);
    }

    private static PeerSession Link(Node from, Node to, uint toAs, bool passive) =>
        from.Speaker.AddPeer(new PeerSettings
        {
            Address = to.Address,
            Port = to.Speaker.Settings.ListenPort,
            PeerAs = toAs,
            Passive = passive,
            SourceAddress = from.Address,
        });

    private static int FreePort(IPAddress address)
    {
        using var probe = new System.Net.Sockets.TcpListener(address, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    [Fact]
    public async Task PrefixLimit_Shutdown_PeerReceivesCeaseMaxPrefixesAndRoutesGo()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(25));
        var ct = deadline.Token;
        var time = new FakeTimeProvider();
        await using var a = await NodeAsync(65004, "127.0.0.4", time);
        await using var b = await NodeAsync(65005, "127.0.0.5", time);

        var aToB = Link(a, b, 65005, passive: false);
        a.Loop.Attach(aToB, Open);
        b.Loop.Attach(Link(b, a, 65004, passive: true), Open with { PrefixLimit = 2 });
        var handled = new TaskCompletionSource<RibOutcomeHandled>(TaskCreationOptions.RunContinuationsAsynchronously);
        b.Loop.OutcomeHandled += (_, h) => handled.TrySetResult(h);
        var aDown = new TaskCompletionSource<DownReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        aToB.Down += (_, reason) => aDown.TrySetResult(reason);
        await b.Speaker.StartAsync(ct);
        await a.Speaker.StartAsync(ct);
        foreach (var node in new[] { a, b })
            foreach (var peer in node.Speaker.Peers)
                await peer.WaitForEstablishedAsync(ct);

        foreach (string p in new[] { "10.244.1.0/26", "10.244.2.0/26", "10.244.3.0/26" })
            await a.Loop.OriginateAsync(Prefix.Parse(p), ct);

        // RFC 4486: CEASE / Maximum Number of Prefixes Reached arrives at A.
        var reason = await aDown.Task.WaitAsync(ct);
        Assert.Equal(DownReasonKind.NotificationReceived, reason.Kind);
        Assert.Equal(NotificationCode.Cease, reason.Code);
        Assert.Equal((byte)CeaseSubcode.MaximumNumberOfPrefixesReached, reason.Subcode);
        var h = await handled.Task.WaitAsync(ct);
        Assert.True(h.Done);
        var limit = Assert.IsType<PrefixLimitReached>(h.Outcome);
        Assert.Equal(2u, limit.Limit);
        Assert.Equal(AfiSafi.Ipv4Unicast, limit.Family);

        // B dropped what A gave it once the session was down.
        while ((await b.Loop.SnapshotLocRibAsync(null, ct)).Count != 0) await Task.Delay(20, ct);
    }

    [Fact]
    public void MaxPrefixesNotification_Ipv6Limit_CarriesAfiSafiAndLimit()
    {
        var n = PeerSession.MaxPrefixesNotification(AfiSafi.Ipv6Unicast, 100_000);
        Assert.Equal(NotificationCode.Cease, n.Code);
        Assert.Equal(1, n.Subcode);
        // RFC 4486 4: AFI 2 (2 octets), SAFI 1, upper bound 100000 (4 octets).
        Assert.Equal(new byte[] { 0, 2, 1, 0x00, 0x01, 0x86, 0xA0 }, n.Data.ToArray());
    }
}

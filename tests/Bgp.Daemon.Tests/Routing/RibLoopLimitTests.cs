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
    [Fact]
    public async Task PrefixLimit_Shutdown_PeerReceivesCeaseMaxPrefixesAndRoutesGo()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(25));
        var ct = deadline.Token;
        var time = new FakeTimeProvider();
        await using var a = await LoopNode.StartAsync(65004, "127.0.0.4", time);
        await using var b = await LoopNode.StartAsync(65005, "127.0.0.5", time);

        var aToB = a.Link(b, 65005, passive: false);
        a.Loop.Attach(aToB, LoopNode.Open);
        b.Loop.Attach(b.Link(a, 65004, passive: true), LoopNode.Open with { PrefixLimit = 2 });
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

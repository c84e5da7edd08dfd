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
    private static async Task<LocRibEntry?> WaitForAsync(RibLoop loop, Prefix prefix, bool present, CancellationToken cancellationToken)
    {
        while (true)
        {
            var best = await loop.GetBestAsync(prefix, cancellationToken);
            if ((best is not null) == present) return best;
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    [Fact]
    public async Task LineOfThree_AOriginatesThenStops_CLearnsViaBThenLosesIt()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(25));
        var ct = deadline.Token;
        var time = new FakeTimeProvider();
        await using var a = await LoopNode.StartAsync(65001, "127.0.0.1", time);
        await using var b = await LoopNode.StartAsync(65002, "127.0.0.2", time);
        await using var c = await LoopNode.StartAsync(65003, "127.0.0.3", time);

        a.Loop.Attach(a.Link(b, 65002, passive: false), LoopNode.Open);
        b.Loop.Attach(b.Link(a, 65001, passive: true), LoopNode.Open);
        b.Loop.Attach(b.Link(c, 65003, passive: false), LoopNode.Open);
        c.Loop.Attach(c.Link(b, 65002, passive: true), LoopNode.Open);
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

using System.Net;
using Bgp.Daemon.Routing;
using Bgp.Daemon.Sessions;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;
using Microsoft.Extensions.Time.Testing;

namespace Bgp.Daemon.Tests.Routing;

/// <summary>
/// The RIB loop's graceful-restart timers on a fake clock. The session is attached but never started:
/// the test posts the PeerUp / PeerDown / UPDATE commands its events would have produced.
/// </summary>
public sealed class RibLoopRestartTests
{
    private static readonly Prefix P = Prefix.Parse("10.1.0.0/16");

    private static readonly PeerRibOptions GrOptions = new()
    {
        ImportFilter = Filter.AcceptAll,
        ExportFilter = Filter.AcceptAll,
        GracefulRestart = true,
        MaxRestartTime = TimeSpan.FromSeconds(120),
        StalePathTime = TimeSpan.FromSeconds(360),
    };

    private static PeerUp Up(int id) =>
        new(id, new PeerFacts(IPAddress.Parse("127.0.0.9"), 65009, RouterId.Parse("10.0.0.9"), false, [AfiSafi.Ipv4Unicast], CodecOptions.FourOctet)
        {
            GracefulRestart = new GracefulRestartCapability(false, false, 120, [new GracefulRestartFamily(AfiSafi.Ipv4Unicast, true)]),
        }, GrOptions);

    private static UpdateMessage Route() => new()
    {
        Attributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(65009), NextHop = IPAddress.Parse("127.0.0.9") },
        Nlri = [new Nlri(P)],
    };

    private static async Task<(RibLoop Loop, BgpSpeaker Speaker, int Id)> LoopAsync(FakeTimeProvider time)
    {
        var speaker = new BgpSpeaker(new SpeakerSettings { LocalAs = 65000, RouterId = RouterId.Parse("10.0.0.1") }, time, new Random(7));
        var session = speaker.AddPeer(new PeerSettings { Address = IPAddress.Parse("127.0.0.9"), PeerAs = 65009, Passive = true });
        var loop = new RibLoop(new RibEngine(new RibEngineSettings(65000, RouterId.Parse("10.0.0.1"))), new RibLoopOptions { Time = time });
        int id = loop.Attach(session, GrOptions);
        await loop.StartAsync(CancellationToken.None);
        return (loop, speaker, id);
    }

    /// <summary>Waits until the loop has handled everything posted so far (a query is answered in order).</summary>
    private static Task<bool> StaleAsync(RibLoop loop, int id, CancellationToken ct) =>
        loop.GetBestAsync(P, ct).ContinueWith(_ => loop.Engine.StalePathCount(id) > 0, ct, TaskContinuationOptions.None, TaskScheduler.Default);

    private static async Task<LocRibEntry?> BestAfterAsync(RibLoop loop, CancellationToken ct)
    {
        // Timer callbacks post asynchronously: poll a little rather than race them.
        for (int i = 0; i < 100; i++)
        {
            var best = await loop.GetBestAsync(P, ct);
            if (best is null) return null;
            await Task.Delay(10, ct);
        }
        return await loop.GetBestAsync(P, ct);
    }

    [Fact]
    public async Task RestartTime_PeerStaysDown_StaleRoutesSweptOnlyAfterIt()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = deadline.Token;
        var time = new FakeTimeProvider();
        var (loop, speaker, id) = await LoopAsync(time);
        await using var _ = speaker;
        await using var __ = loop;

        await loop.PostAsync(Up(id), ct);
        await loop.PostAsync(new UpdateReceived(id, Route()), ct);
        await loop.PostAsync(new PeerDown(id, RetainStale: true), ct);
        Assert.NotNull(await loop.GetBestAsync(P, ct));

        time.Advance(TimeSpan.FromSeconds(119));
        await Task.Delay(50, ct);
        Assert.NotNull(await loop.GetBestAsync(P, ct));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await BestAfterAsync(loop, ct));
    }

    [Fact]
    public async Task StalePathTime_PeerBackWithoutEndOfRib_StaleRoutesSweptThen()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = deadline.Token;
        var time = new FakeTimeProvider();
        var (loop, speaker, id) = await LoopAsync(time);
        await using var _ = speaker;
        await using var __ = loop;

        await loop.PostAsync(Up(id), ct);
        await loop.PostAsync(new UpdateReceived(id, Route()), ct);
        await loop.PostAsync(new PeerDown(id, RetainStale: true), ct);
        await loop.PostAsync(Up(id), ct);
        Assert.True(await StaleAsync(loop, id, ct));

        // The restart timer of the earlier generation is ignored once the peer is back.
        time.Advance(TimeSpan.FromSeconds(120));
        await Task.Delay(50, ct);
        Assert.NotNull(await loop.GetBestAsync(P, ct));

        time.Advance(TimeSpan.FromSeconds(240));
        Assert.Null(await BestAfterAsync(loop, ct));
    }
}

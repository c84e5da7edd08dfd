using System.Net;
using Bgp.Daemon.Routing;
using Bgp.Daemon.Sessions;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;
using Microsoft.Extensions.Time.Testing;

namespace Bgp.Daemon.Tests.Routing;

/// <summary>
/// The selection deferral timer of our own restart (RFC 4724 4.1) on a fake clock. The session is attached but
/// never started: the test posts the commands its events would have produced.
/// </summary>
public sealed class RibLoopDeferralTests
{
    private static PeerRibOptions Options(bool gr) => new() { ImportFilter = Filter.AcceptAll, ExportFilter = Filter.AcceptAll, GracefulRestart = gr };

    private static PeerUp Up(int id) =>
        new(id, new PeerFacts(IPAddress.Parse("127.0.0.9"), 65009, RouterId.Parse("10.0.0.9"), false, [AfiSafi.Ipv4Unicast], CodecOptions.FourOctet)
        {
            GracefulRestart = new GracefulRestartCapability(false, false, 120, [new GracefulRestartFamily(AfiSafi.Ipv4Unicast, true)]),
        }, Options(true));

    private static async Task<(RibLoop Loop, BgpSpeaker Speaker, int Id)> LoopAsync(FakeTimeProvider time, bool gr, TimeSpan deferral)
    {
        var speaker = new BgpSpeaker(new SpeakerSettings { LocalAs = 65000, RouterId = RouterId.Parse("10.0.0.1") }, time, new Random(7));
        var session = speaker.AddPeer(new PeerSettings { Address = IPAddress.Parse("127.0.0.9"), PeerAs = 65009, Passive = true });
        var loop = new RibLoop(new RibEngine(new RibEngineSettings(65000, RouterId.Parse("10.0.0.1"))), new RibLoopOptions { Time = time });
        int id = loop.Attach(session, Options(gr));
        loop.DeferSelection(deferral);
        await loop.StartAsync(CancellationToken.None);
        return (loop, speaker, id);
    }

    private static async Task<bool> DeferringAfterAsync(RibLoop loop, CancellationToken ct)
    {
        // The timer posts asynchronously: poll a little rather than race it.
        for (int i = 0; i < 100; i++)
        {
            if (!await loop.ReadAsync(e => e.Deferring, ct)) return false;
            await Task.Delay(10, ct);
        }
        return await loop.ReadAsync(e => e.Deferring, ct);
    }

    [Fact]
    public async Task DeferralTimer_PeerNeverSendsEndOfRib_DeferralEndsOnlyWhenItExpires()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = deadline.Token;
        var time = new FakeTimeProvider();
        var (loop, speaker, id) = await LoopAsync(time, gr: true, TimeSpan.FromSeconds(60));
        await using var _ = speaker;
        await using var __ = loop;
        var ended = new TaskCompletionSource<DeferralEnded>(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.OutcomeHandled += (_, h) => { if (h.Outcome is DeferralEnded d) ended.TrySetResult(d); };

        await loop.PostAsync(Up(id), ct);
        Assert.True(await loop.ReadAsync(e => e.Deferring && e.IsPeerUp(id), ct));

        time.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(50, ct);
        Assert.True(await loop.ReadAsync(e => e.Deferring, ct));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await DeferringAfterAsync(loop, ct));
        var outcome = await ended.Task.WaitAsync(ct);
        Assert.True(outcome.TimerExpired);
        Assert.Equal(1, outcome.StillWaiting);
    }

    [Fact]
    public async Task EndOfRib_BeforeTheTimer_DeferralEndsAtOnce()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = deadline.Token;
        var time = new FakeTimeProvider();
        var (loop, speaker, id) = await LoopAsync(time, gr: true, TimeSpan.FromSeconds(60));
        await using var _ = speaker;
        await using var __ = loop;

        await loop.PostAsync(Up(id), ct);
        await loop.PostAsync(new UpdateReceived(id, UpdateMessage.EndOfRibFor(AfiSafi.Ipv4Unicast)), ct);

        Assert.False(await loop.ReadAsync(e => e.Deferring, ct));
    }

    [Fact]
    public async Task DeferSelection_NoGracefulRestartPeer_NothingDeferred()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = deadline.Token;
        var (loop, speaker, _) = await LoopAsync(new FakeTimeProvider(), gr: false, TimeSpan.FromSeconds(60));
        await using var _s = speaker;
        await using var _l = loop;

        Assert.False(await loop.ReadAsync(e => e.Deferring, ct));
    }
}

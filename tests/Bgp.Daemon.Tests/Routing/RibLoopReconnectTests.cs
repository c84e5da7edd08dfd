using System.Net;
using Bgp.Daemon.Routing;
using Bgp.Daemon.Sessions;
using Bgp.Daemon.Tests.Hosting;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;
using Bgp.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Bgp.Daemon.Tests.Routing;

/// <summary>
/// Our speaker with its RIB loop on 127.0.0.51 and a scripted eBGP peer on 127.0.0.52 that goes and comes back on a
/// new connection before the loop has heard that the first session ended.
/// </summary>
public sealed class RibLoopReconnectTests
{
    private const uint LocalAs = 65051;
    private const uint PeerAs = 65052;
    private static readonly IPAddress Local = IPAddress.Parse("127.0.0.51");
    private static readonly IPAddress PeerAddress = IPAddress.Parse("127.0.0.52");
    private static readonly Prefix[] Table = [Prefix.Parse("10.51.1.0/24"), Prefix.Parse("10.51.2.0/24")];
    private static readonly Prefix Gap = Prefix.Parse("10.51.9.0/24");
    private static readonly Prefix Later = Prefix.Parse("10.51.3.0/24");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Output_PeerBackOnNewConnectionBeforeLoopSawItGo_NewSessionGetsOnlyItsOwnTableAndEndOfRib(bool updateGroups)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = deadline.Token;
        // One command per batch: the loop drains its output after each, so every change below is offered on its own.
        await using var rig = await StartAsync(LoopNode.Open, ct, updateGroups, maxBatch: 1);
        var (time, speaker, loop, session) = (rig.Time, rig.Speaker, rig.Loop, rig.Session);
        foreach (var p in Table) await loop.OriginateAsync(p, ct);
        await loop.ReadAsync(static _ => 0, ct);
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = await EstablishAsync(speaker, session, transitions: 1, ct);
        await using (first)
        {
            Assert.Equal(Table, await ReadTableAsync(first, ct));
            // From here the loop hears nothing of the session: the first connection closes and a second one comes up.
            Assert.True(loop.HoldForwarding(session, hold.Task));
        }
        await SpeakerPairTests.WaitUntilAsync(() => session.State == SessionState.Idle);
        time.Advance(TimeSpan.FromSeconds(1));
        await SpeakerPairTests.WaitUntilAsync(() => session.State == SessionState.Active);
        await using var second = await EstablishAsync(speaker, session, transitions: 2, ct);

        // The loop, still taking the peer for up in its first session, announces a route and withdraws it again.
        await loop.OriginateAsync(Gap, ct);
        await loop.ReadAsync(static _ => 0, ct);
        await loop.StopOriginatingAsync(Gap, ct);
        await loop.ReadAsync(static _ => 0, ct);

        // The PeerDown and the second PeerUp reach the loop: the second session gets the table as it is now, then
        // End-of-RIB, and nothing of what was written for the first.
        hold.SetResult();
        Assert.Equal(Table, await ReadTableAsync(second, ct));

        // A send refused on the way did not leave the peer waiting for a send task: later changes still go out.
        await loop.OriginateAsync(Later, ct);
        var next = await ReadUpdateAsync(second, ct);
        Assert.Equal(Later, Assert.Single(next.Nlri).Prefix);
        Assert.Equal(SessionState.Established, session.State);
    }

    [Fact]
    public async Task PrefixLimit_CrossedByEndedSessionInOneBatchWithNextSessionUp_NextSessionStaysEstablished()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = deadline.Token;
        // The default batch: the loop takes whatever is queued, up to 256 commands, before it acts on the outcomes.
        await using var rig = await StartAsync(LoopNode.Open with { PrefixLimit = 2 }, ct);
        var (time, speaker, loop, session) = (rig.Time, rig.Speaker, rig.Loop, rig.Session);
        // Raised once the loop acted on the outcome: a Cease it made has been dispatched to the session by then.
        var handled = new TaskCompletionSource<RibOutcomeHandled>(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.OutcomeHandled += (_, h) => handled.TrySetResult(h);
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = await EstablishAsync(speaker, session, transitions: 1, ct);
        await using (first)
        {
            Assert.Empty(await ReadTableAsync(first, ct));
            // The loop hears nothing more of the session: the first one sends three routes (over the limit of two) and
            // closes, and a second one comes up.
            Assert.True(loop.HoldForwarding(session, hold.Task));
            for (int i = 0; i < 3; i++)
            {
                var update = new UpdateMessage
                {
                    Attributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(PeerAs), NextHop = PeerAddress },
                    Nlri = [new Nlri(Prefix.Parse($"10.52.{i}.0/24"))],
                };
                await first.SendAsync(BgpEncoder.ToArray(update, CodecOptions.FourOctet), ct);
            }
        }
        await SpeakerPairTests.WaitUntilAsync(() => session.State == SessionState.Idle);
        time.Advance(TimeSpan.FromSeconds(1));
        await SpeakerPairTests.WaitUntilAsync(() => session.State == SessionState.Active);
        await using var second = await EstablishAsync(speaker, session, transitions: 2, ct);

        // The loop busy while the held events (three UPDATEs, the PeerDown, the second PeerUp) reach its channel, so that
        // it takes them in one batch: the engine reports the first session over its limit, and by the end of the batch
        // the loop knows the second.
        using var busy = new ManualResetEventSlim();
        var inQuery = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var query = loop.ReadAsync(_ => { inQuery.TrySetResult(); busy.Wait(ct); return 0; }, ct);
        await inQuery.Task.WaitAsync(ct);
        try
        {
            hold.SetResult();
            await SpeakerPairTests.WaitUntilAsync(() => loop.QueuedCommands >= 5);
        }
        finally
        {
            busy.Set();
        }
        await query;

        var outcome = await handled.Task.WaitAsync(ct);
        var limit = Assert.IsType<PrefixLimitReached>(outcome.Outcome);
        Assert.Equal(2u, limit.Limit);
        // And it says so: no Cease went out (the daemon logs that instead of "closing with CEASE").
        Assert.False(outcome.Done);
        // The Cease was the first session's: the second, which sent nothing, is not stopped for it.
        Assert.Equal(SessionState.Established, session.State);
        Assert.Empty(await ReadTableAsync(second, ct));
    }

    [Fact]
    public async Task Policy_ReplacedBeforeLoopSawReconnect_NextSessionExportsWithNewFilter()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = deadline.Token;
        await using var rig = await StartAsync(LoopNode.Open with { ExportFilter = Filter.RejectAll }, ct);
        var (time, speaker, loop, session, id) = (rig.Time, rig.Speaker, rig.Loop, rig.Session, rig.PeerId);
        foreach (var p in Table) await loop.OriginateAsync(p, ct);
        await loop.ReadAsync(static _ => 0, ct);
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = await EstablishAsync(speaker, session, transitions: 1, ct);
        await using (first)
        {
            Assert.Empty(await ReadTableAsync(first, ct));
            Assert.True(loop.HoldForwarding(session, hold.Task));
        }
        await SpeakerPairTests.WaitUntilAsync(() => session.State == SessionState.Idle);
        time.Advance(TimeSpan.FromSeconds(1));
        await SpeakerPairTests.WaitUntilAsync(() => session.State == SessionState.Active);
        await using var second = await EstablishAsync(speaker, session, transitions: 2, ct);

        // A reload while the loop still takes the first session for up, as the daemon applies one: the options of the
        // next session, and the filters for the one up now, which the loop gives the first.
        Assert.True(loop.UpdateOptions(id, LoopNode.Open));
        await loop.ReplacePolicyAsync(id, Filter.AcceptAll, Filter.AcceptAll, ct);
        await loop.ReadAsync(static _ => 0, ct);

        // The second session, up on the wire before the reload, is up in the RIB after it: it exports with the new filter.
        hold.SetResult();
        Assert.Equal(Table, await ReadTableAsync(second, ct));
    }

    /// <summary>
    /// A speaker (on a fake clock, for the peer's idle hold) with one passive peer attached to a started loop with
    /// <paramref name="options"/>; the speaker is started too.
    /// </summary>
    private static async Task<Rig> StartAsync(PeerRibOptions options, CancellationToken ct, bool updateGroups = false, int? maxBatch = null)
    {
        var time = new FakeTimeProvider();
        var settings = new SpeakerSettings
        {
            LocalAs = LocalAs, RouterId = RouterId.Parse("127.0.0.51"), ListenAddress = Local, ListenPort = BgpdProcess.FreePort(Local),
        };
        var speaker = new BgpSpeaker(settings, time, new Random(7));
        var loopOptions = new RibLoopOptions { Time = time };
        if (maxBatch is { } batch) loopOptions = loopOptions with { MaxBatch = batch };
        var loop = new RibLoop(new RibEngine(new RibEngineSettings(LocalAs, settings.RouterId) { UpdateGroups = updateGroups }), loopOptions);
        await loop.StartAsync(ct);
        var session = speaker.AddPeer(new PeerSettings
        {
            Address = PeerAddress, PeerAs = PeerAs, Passive = true, IdleHoldTime = TimeSpan.FromSeconds(1),
        });
        int id = loop.Attach(session, options);
        await speaker.StartAsync(ct);
        return new Rig(time, speaker, loop, session, id);
    }

    /// <summary>What <see cref="StartAsync"/> made; disposes the loop, then the speaker.</summary>
    private sealed record Rig(FakeTimeProvider Time, BgpSpeaker Speaker, RibLoop Loop, PeerSession Session, int PeerId) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Loop.DisposeAsync();
            await Speaker.DisposeAsync();
        }
    }

    private static async Task<RawBgpPeer> EstablishAsync(BgpSpeaker speaker, PeerSession session, long transitions, CancellationToken ct)
    {
        var raw = await RawBgpPeer.ConnectAsync(speaker.ListenEndPoint!, ct, PeerAddress);
        Assert.IsType<OpenMessage>(await raw.ReadAsync(ct));
        await raw.SendAsync(RawBgpPeer.Open(PeerAs, 0x7F000034), ct);
        Assert.IsType<KeepaliveMessage>(await raw.ReadAsync(ct));
        await raw.SendAsync(Wire.Keepalive(), ct);
        await SpeakerPairTests.WaitUntilAsync(() => session.EstablishedTransitions == transitions && session.State == SessionState.Established);
        return raw;
    }

    /// <summary>
    /// The routes a fresh session's peer is sent up to End-of-RIB, in prefix order: announcements only, each once (a
    /// withdrawal, or a second announcement, means the session got UPDATEs that were not its table).
    /// </summary>
    private static async Task<Prefix[]> ReadTableAsync(RawBgpPeer raw, CancellationToken ct)
    {
        var routes = new List<Prefix>();
        while (await ReadUpdateAsync(raw, ct) is { EndOfRib: null } update)
        {
            Assert.True(update.Withdrawn.IsEmpty, $"withdrawn before End-of-RIB: {string.Join(", ", update.Withdrawn.Select(static w => w.Prefix))}");
            foreach (var n in update.Nlri) routes.Add(n.Prefix);
        }
        routes.Sort(static (x, y) => string.CompareOrdinal(x.ToString(), y.ToString()));
        return [.. routes];
    }

    private static async Task<UpdateMessage> ReadUpdateAsync(RawBgpPeer raw, CancellationToken ct)
    {
        while (true)
        {
            switch (await raw.ReadAsync(ct))
            {
                case UpdateMessage update:
                    return update;
                case KeepaliveMessage:
                    continue;
                case var other:
                    Assert.Fail($"expected an UPDATE, got {other?.ToString() ?? "the end of the stream"}");
                    break;
            }
        }
    }
}

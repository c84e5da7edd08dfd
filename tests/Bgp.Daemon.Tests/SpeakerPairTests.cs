using System.Net;
using Bgp.Daemon.Sessions;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;
using Microsoft.Extensions.Time.Testing;
using static Bgp.Daemon.Tests.TestSpeakers;

namespace Bgp.Daemon.Tests;

/// <summary>Two of our speakers over loopback TCP.</summary>
public sealed class SpeakerPairTests
{
    public static TheoryData<string> Loopbacks => new() { "127.0.0.1", "::1" };

    [Theory]
    [MemberData(nameof(Loopbacks))]
    public async Task TwoSpeakers_Loopback_EstablishExchangeUpdateAndShutDownWithText(string loopback)
    {
        var address = IPAddress.Parse(loopback);
        var time = new FakeTimeProvider();
        await using var a = await StartAsync(AsA, "1.1.1.1", address, time);
        await using var b = await StartAsync(AsB, "2.2.2.2", address, time);
        var received = new TaskCompletionSource<UpdateMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bDown = new TaskCompletionSource<DownReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pb = b.AddPeer(PeerOf(a, address, AsA, passive: true));
        pb.UpdateReceived += (_, u) => received.TrySetResult(u);
        pb.Down += (_, r) => bDown.TrySetResult(r);
        var pa = a.AddPeer(PeerOf(b, address, AsB));

        var sa = await EstablishedAsync(pa);
        var sb = await EstablishedAsync(pb);
        Assert.Equal(AsB, sa.PeerAs);
        Assert.Equal(AsA, sb.PeerAs);
        Assert.True(sa.FourOctetAs);
        Assert.Equal(pa.LocalEndPoint, pb.RemoteEndPoint);

        var update = new UpdateMessage
        {
            Attributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(AsA), NextHop = IPAddress.Parse("192.0.2.1") },
            Nlri = [new Nlri(Prefix.Parse("10.1.0.0/16"))],
        };
        Assert.True(await pa.SendUpdateAsync(update, Deadline()));
        var got = await received.Task.WaitAsync(Deadline());
        Assert.Equal(Prefix.Parse("10.1.0.0/16"), got.Nlri[0].Prefix);
        Assert.Equal(AsPath.FromSequence(AsA), got.Attributes.AsPath);
        Assert.Equal(1, pa.Counters.UpdatesOut);
        Assert.Equal(1, pb.Counters.UpdatesIn);

        await a.StopAsync("maintenance window", Deadline());
        var reason = await bDown.Task.WaitAsync(Deadline());
        Assert.Equal(DownReasonKind.NotificationReceived, reason.Kind);
        Assert.Equal(NotificationCode.Cease, reason.Code);
        Assert.Equal((byte)CeaseSubcode.AdministrativeShutdown, reason.Subcode);
        Assert.Equal("maintenance window", reason.Text);
        Assert.Equal(DownReasonKind.AdministrativeStop, pa.LastDownReason!.Kind);
        Assert.Equal(SessionState.Idle, pa.State);
        Assert.NotEqual(SessionState.Established, pb.State);
    }

    [Fact]
    public async Task TwoSpeakers_BothActiveStartedTogether_EstablishOnFirstTry()
    {
        // Both ends connect at once. Two faults used to make the session come up only after IdleHoldTime (which
        // the fake clock never runs out, so either fails this test): an accepted connection's waiting OPEN reached
        // the FSM before it heard of the connection (Connect -> Idle, "unexpected BGPOpen"); and one end reached
        // Established on the connection the identifiers dump while the other end dumped the other connection
        // (both sides then closed with 6/7).
        var address = IPAddress.Loopback;
        for (int round = 0; round < 25; round++)
        {
            var time = new FakeTimeProvider();
            await using var a = await StartAsync(AsA, "1.1.1.1", address, time);
            await using var b = await StartAsync(AsB, "2.2.2.2", address, time);
            var unexpected = new List<DownReason>();
            var pa = a.AddPeer(PeerOf(b, address, AsB));
            var pb = b.AddPeer(PeerOf(a, address, AsA));
            var log = new List<string>();
            void Watch(object? sender, PeerStateChange change)
            {
                lock (unexpected) log.Add($"{(sender == pa ? "a" : "b")}: {change}");
                if (change.Reason is { Kind: DownReasonKind.UnexpectedEvent } r)
                    lock (unexpected) unexpected.Add(r);
            }
            pa.StateChanged += Watch;
            pb.StateChanged += Watch;

            try
            {
                await EstablishedAsync(pa);
                await EstablishedAsync(pb);
            }
            catch (OperationCanceledException)
            {
                lock (unexpected) Assert.Fail(string.Join("\n", log) + $"\nA={pa.State} B={pb.State}");
            }
            lock (unexpected) Assert.Empty(unexpected);
        }
    }

    [Fact]
    public async Task TwoSpeakers_RealClockHoldTime3s_StayEstablishedForThreeHoldTimes()
    {
        var address = IPAddress.Loopback;
        await using var a = await StartAsync(AsA, "1.1.1.1", address, TimeProvider.System);
        await using var b = await StartAsync(AsB, "2.2.2.2", address, TimeProvider.System);
        int downs = 0;
        var pb = b.AddPeer(PeerOf(a, address, AsA, passive: true) with { HoldTime = 3 });
        var pa = a.AddPeer(PeerOf(b, address, AsB) with { HoldTime = 3 });
        pa.Down += (_, _) => Interlocked.Increment(ref downs);
        pb.Down += (_, _) => Interlocked.Increment(ref downs);
        var s = await EstablishedAsync(pa);
        await EstablishedAsync(pb);
        Assert.Equal(3, s.HoldTime);
        Assert.Equal(1, s.KeepaliveTime);

        // Nothing but KEEPALIVEs keeps the session up: three hold times without one missing.
        await Task.Delay(TimeSpan.FromSeconds(9.5));

        Assert.Equal(0, Volatile.Read(ref downs));
        Assert.Equal(SessionState.Established, pa.State);
        Assert.Equal(SessionState.Established, pb.State);
        Assert.InRange(pa.Counters.KeepalivesIn, 8, 20);
        Assert.InRange(pb.Counters.KeepalivesIn, 8, 20);
    }

    [Fact]
    public async Task TwoSpeakers_FakeClockManyHoldTimes_KeepalivesKeepSessionUp()
    {
        var address = IPAddress.Loopback;
        var time = new FakeTimeProvider();
        await using var a = await StartAsync(AsA, "1.1.1.1", address, time);
        await using var b = await StartAsync(AsB, "2.2.2.2", address, time);
        var pb = b.AddPeer(PeerOf(a, address, AsA, passive: true) with { HoldTime = 9 });
        var pa = a.AddPeer(PeerOf(b, address, AsB) with { HoldTime = 9 });
        await EstablishedAsync(pa);
        await EstablishedAsync(pb);

        for (int i = 0; i < 10; i++)
        {
            long before = pb.Counters.KeepalivesIn;
            time.Advance(TimeSpan.FromSeconds(3));
            // Let the KEEPALIVE cross loopback before the next step of the clock.
            await WaitUntilAsync(() => pb.Counters.KeepalivesIn > before && pa.Counters.KeepalivesIn > before);
        }

        Assert.Equal(SessionState.Established, pa.State);
        Assert.Equal(SessionState.Established, pb.State);
    }

    [Fact]
    public async Task TwoSpeakers_PeerStopsReadingAndSending_HoldTimerExpiresWithNotification4()
    {
        var address = IPAddress.Loopback;
        var time = new FakeTimeProvider();
        await using var a = await StartAsync(AsA, "1.1.1.1", address, time);
        // B runs on a clock that never moves: it stays silent after the handshake.
        await using var b = await StartAsync(AsB, "2.2.2.2", address, new FakeTimeProvider());
        var pb = b.AddPeer(PeerOf(a, address, AsA, passive: true) with { HoldTime = 9 });
        var pa = a.AddPeer(PeerOf(b, address, AsB) with { HoldTime = 9 });
        var aDown = new TaskCompletionSource<DownReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        pa.Down += (_, r) => aDown.TrySetResult(r);
        await EstablishedAsync(pa);

        time.Advance(TimeSpan.FromSeconds(9));

        var reason = await aDown.Task.WaitAsync(Deadline());
        Assert.Equal(DownReasonKind.HoldTimerExpired, reason.Kind);
        Assert.Equal(NotificationCode.HoldTimerExpired, reason.Code);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, double seconds = 20)
    {
        var token = Deadline(seconds);
        while (!condition())
        {
            token.ThrowIfCancellationRequested();
            await Task.Yield();
            await Task.Delay(5, token);
        }
    }
}

using System.Net;
using Bgp.Daemon.Sessions;
using Bgp.Daemon.Tests.Hosting;
using Bgp.Protocol;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;
using Bgp.Testing;
using Microsoft.Extensions.Time.Testing;
using static Bgp.Daemon.Tests.TestSpeakers;

namespace Bgp.Daemon.Tests;

/// <summary>A session's stop (ManualStop) against a scripted peer, with the interleavings load produces made certain.</summary>
public sealed class PeerSessionStopTests
{
    private const uint RawId = 0x02020202;

    [Fact]
    public async Task Stop_NotificationWrittenBeforeTheDrop_EndsAfterLingerWhilePeerStaysOpen()
    {
        // ManualStop's actions are SendNotification, the timers' stops, then DropConnection, all under the session's
        // lock; the write loop runs beside them. Under load (GracefulStopTests in a full run) it wrote the NOTIFICATION
        // and ended our half before DropConnection's Close, which then armed no linger: the peer, reading to our EOF
        // and keeping its side open until the stop returned, waited on a stop that never did. Here the first timer
        // stop after the NOTIFICATION holds the session until the peer has read it and our EOF.
        var fake = new FakeTimeProvider();
        var time = new HoldingTimers(fake);
        await using var a = await StartAsync(AsA, "1.1.1.1", IPAddress.Loopback, time);
        var pa = a.AddPeer(new() { Address = IPAddress.Loopback, PeerAs = AsB, Passive = true });
        await using var raw = await RawBgpPeer.ConnectAsync(a.ListenEndPoint!, Deadline());
        Assert.IsType<OpenMessage>(await raw.ReadAsync(Deadline()));
        await raw.SendAsync(RawBgpPeer.Open(AsB, RawId), Deadline());
        Assert.IsType<KeepaliveMessage>(await raw.ReadAsync(Deadline()));
        await raw.SendAsync(Wire.Keepalive(), Deadline());
        await pa.WaitForStateAsync(SessionState.Established, Deadline());

        var read = Task.Run(() => GracefulStopTests.NotificationsUntilClosedAsync(raw));
        time.HoldNextStop(read);
        var stop = Task.Run(() => pa.StopAsync(CancellationToken.None));
        var n = Assert.Single(await read);
        Assert.Equal((NotificationCode.Cease, (byte)CeaseSubcode.AdministrativeShutdown), (n.Code, n.Subcode));
        fake.Advance(Settings(AsA, "1.1.1.1", IPAddress.Loopback).CloseLinger);

        await stop.WaitAsync(Deadline());
        Assert.Equal(SessionState.Idle, pa.State);
    }

    /// <summary>
    /// A FakeTimeProvider whose next timer stop (a Change to infinite, SlotTimer.Stop), once asked for, blocks until a
    /// given task ends: a seam that holds the session's lock at one point of its action list.
    /// </summary>
    private sealed class HoldingTimers(FakeTimeProvider time) : TimeProvider
    {
        private Task? _until;

        public override long TimestampFrequency => time.TimestampFrequency;
        public override long GetTimestamp() => time.GetTimestamp();
        public override DateTimeOffset GetUtcNow() => time.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            new HoldingTimer(this, time.CreateTimer(callback, state, dueTime, period));

        public void HoldNextStop(Task until) => Volatile.Write(ref _until, until);

        private void OnStop()
        {
            // Bounded, so a hold that can never end (the task waits on the held lock) fails the test instead of hanging it.
            if (Interlocked.Exchange(ref _until, null) is { } until) until.Wait(TimeSpan.FromSeconds(15));
        }

        private sealed class HoldingTimer(HoldingTimers owner, ITimer inner) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                if (dueTime == Timeout.InfiniteTimeSpan) owner.OnStop();
                return inner.Change(dueTime, period);
            }

            public void Dispose() => inner.Dispose();
            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}

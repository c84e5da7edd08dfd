using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;
using Bgp.Testing;
using Microsoft.Extensions.Time.Testing;
using static Bgp.Daemon.Tests.TestSpeakers;

namespace Bgp.Daemon.Tests;

/// <summary>The listener, the collision rules and the writer, against scripted peers.</summary>
public sealed class ConnectionTests
{
    private const uint RawId = 0x02020202; // 2.2.2.2: higher than our 1.1.1.1

    [Fact]
    public async Task Listener_UnconfiguredAddress_ClosedAtOnceUnread()
    {
        var time = new FakeTimeProvider();
        await using var a = await StartAsync(AsA, "1.1.1.1", IPAddress.Any, time);
        var pa = a.AddPeer(new() { Address = IPAddress.Parse("127.0.0.2"), PeerAs = AsB, Passive = true });
        var rejected = new TaskCompletionSource<IPEndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.ConnectionRejected += (_, ep) => rejected.TrySetResult(ep);

        await using var raw = await RawBgpPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, a.ListenEndPoint!.Port), Deadline(),
            source: IPAddress.Parse("127.0.0.3"));
        await raw.SendAsync(RawBgpPeer.Open(AsB, RawId), Deadline());

        Assert.True(await raw.ReadsEndOfStreamAsync(Deadline(10)));
        Assert.Equal(IPAddress.Parse("127.0.0.3"), (await rejected.Task.WaitAsync(Deadline())).Address);
        Assert.Equal(1, a.RejectedConnections);
        Assert.Equal(0, pa.Counters.MessagesIn);
    }

    [Fact]
    public async Task ReadLoop_BadMarker_SendsNotification1_1AndCloses()
    {
        var time = new FakeTimeProvider();
        await using var a = await StartAsync(AsA, "1.1.1.1", IPAddress.Loopback, time);
        var pa = a.AddPeer(new() { Address = IPAddress.Loopback, PeerAs = AsB, Passive = true });
        await using var raw = await RawBgpPeer.ConnectAsync(a.ListenEndPoint!, Deadline());
        Assert.IsType<OpenMessage>(await raw.ReadAsync(Deadline()));

        var bad = Wire.Keepalive();
        bad[3] = 0x00; // RFC 4271 6.1: marker not all ones -> Connection Not Synchronized
        await raw.SendAsync(bad, Deadline());

        var n = Assert.IsType<NotificationMessage>(await raw.ReadAsync(Deadline()));
        Assert.Equal(NotificationCode.MessageHeaderError, n.Code);
        Assert.Equal((byte)MessageHeaderErrorSubcode.ConnectionNotSynchronized, n.Subcode);
        Assert.True(await raw.ReadsEndOfStreamAsync(Deadline(15)));
        Assert.Equal(DownReasonKind.NotificationSent, pa.LastDownReason!.Kind);
    }

    [Fact]
    public async Task Collision_ScriptedPeerWithHigherId_OurOutgoingDumpedIncomingEstablished()
    {
        var time = new FakeTimeProvider();
        await using var a = await StartAsync(AsA, "1.1.1.1", IPAddress.Loopback, time);
        using var rawListener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        rawListener.Start();
        var pa = a.AddPeer(new() { Address = IPAddress.Loopback, Port = ((IPEndPoint)rawListener.LocalEndpoint).Port, PeerAs = AsB });

        // Connection 1: ours to the scripted peer. Connection 2: the scripted peer's to us.
        await using var outgoing = new RawBgpPeer(await rawListener.AcceptSocketAsync(Deadline()));
        await using var incoming = await RawBgpPeer.ConnectAsync(a.ListenEndPoint!, Deadline());
        Assert.IsType<OpenMessage>(await outgoing.ReadAsync(Deadline()));
        Assert.IsType<OpenMessage>(await incoming.ReadAsync(Deadline()));
        await outgoing.SendAsync(RawBgpPeer.Open(AsB, RawId), Deadline());
        Assert.IsType<KeepaliveMessage>(await outgoing.ReadAsync(Deadline()));
        await incoming.SendAsync(RawBgpPeer.Open(AsB, RawId), Deadline());

        // RFC 4271 6.8: the connection opened by the higher identifier (the peer's, incoming to us) survives.
        var dump = Assert.IsType<NotificationMessage>(await outgoing.ReadAsync(Deadline()));
        Assert.Equal(NotificationCode.Cease, dump.Code);
        Assert.Equal((byte)CeaseSubcode.ConnectionCollisionResolution, dump.Subcode);
        Assert.True(await outgoing.ReadsEndOfStreamAsync(Deadline(15)));

        Assert.IsType<KeepaliveMessage>(await incoming.ReadAsync(Deadline()));
        await incoming.SendAsync(Wire.Keepalive(), Deadline());
        await EstablishedAsync(pa);
        Assert.Equal(1, pa.CollisionsResolved);
        Assert.Equal(1, pa.ConnectionCount);
        Assert.Equal(incoming.Socket.LocalEndPoint, pa.RemoteEndPoint);
    }

    [Fact]
    public async Task Collision_TwoActiveSpeakersStartTogether_EndWithOneEstablishedConnection()
    {
        var address = IPAddress.Loopback;
        var time = new FakeTimeProvider();
        await using var a = await StartAsync(AsA, "1.1.1.1", address, time);
        await using var b = await StartAsync(AsB, "2.2.2.2", address, time);
        var pa = a.AddPeer(PeerOf(b, address, AsB));
        var pb = b.AddPeer(PeerOf(a, address, AsA));

        await EstablishedAsync(pa);
        await EstablishedAsync(pb);
        await SpeakerPairTests.WaitUntilAsync(() => pa.ConnectionCount == 1 && pb.ConnectionCount == 1);

        Assert.Equal(pa.LocalEndPoint, pb.RemoteEndPoint);
        Assert.Equal(pa.RemoteEndPoint, pb.LocalEndPoint);
        time.Advance(TimeSpan.FromSeconds(30));
        await SpeakerPairTests.WaitUntilAsync(() => pa.Counters.KeepalivesIn >= 2 && pb.Counters.KeepalivesIn >= 2);
        Assert.Equal(SessionState.Established, pa.State);
        Assert.Equal(SessionState.Established, pb.State);
        Assert.Equal(1, pa.ConnectionCount);
    }

    [Fact]
    public async Task Writer_PeerStopsReading_QueueBoundedProducerWaitsAndKeepaliveGoesFirst()
    {
        const int capacity = 16;
        var time = new FakeTimeProvider();
        await using var a = await StartAsync(AsA, "1.1.1.1", IPAddress.Loopback, time);
        var pa = a.AddPeer(new() { Address = IPAddress.Loopback, PeerAs = AsB, Passive = true, UpdateQueueCapacity = capacity });
        await using var raw = await RawBgpPeer.ConnectAsync(a.ListenEndPoint!, Deadline(), receiveBuffer: 4096);
        Assert.IsType<OpenMessage>(await raw.ReadAsync(Deadline()));
        await raw.SendAsync(RawBgpPeer.Open(AsB, RawId), Deadline());
        Assert.IsType<KeepaliveMessage>(await raw.ReadAsync(Deadline()));
        await raw.SendAsync(Wire.Keepalive(), Deadline());
        await EstablishedAsync(pa);

        // The scripted peer reads nothing from here on. Fill socket buffers, the pipe and the queue.
        var update = Wire.Update(attributes: Wire.Mandatory(), nlri: Wire.Cat(Enumerable.Repeat(Wire.Nlri10(), 1000).ToArray()));
        int queued = 0;
        ValueTask<bool> blocked = default;
        for (int i = 0; i < 100_000; i++)
        {
            blocked = pa.SendUpdateAsync(update, Deadline());
            if (!blocked.IsCompleted)
            {
                await Task.Delay(100);
                // Stuck with the queue full: the peer's window is closed. A producer that waits while the queue
                // is not full is the writer still draining into socket buffers that grew meanwhile (the kernel
                // autotunes them); it goes on once there is room. (Breaking on the wait alone made the
                // IsThrottled check below fail about once in 20 loaded runs.)
                if (!blocked.IsCompleted && pa.IsThrottled) break;
            }
            Assert.True(await blocked);
            queued++;
        }
        Assert.False(blocked.IsCompleted, "the producer never had to wait: the queue is not bounded");
        Assert.True(pa.IsThrottled);
        Assert.Equal(capacity, pa.QueuedUpdates);
        Assert.False(pa.TrySendUpdate(update));

        time.Advance(TimeSpan.FromSeconds(30)); // keepalive interval of the 90 s hold time

        // Now read everything: the KEEPALIVE must come before the UPDATEs that were waiting in the queue.
        int updatesAfterKeepalive = -1;
        while (updatesAfterKeepalive < capacity + 1)
        {
            var raw1 = await raw.ReadRawAsync(Deadline());
            Assert.NotNull(raw1);
            if (raw1[18] == 4 && updatesAfterKeepalive < 0) updatesAfterKeepalive = 0;
            else if (raw1[18] == 2 && updatesAfterKeepalive >= 0) updatesAfterKeepalive++;
        }
        Assert.True(await blocked);
        Assert.True(queued > capacity);
        Assert.Equal(SessionState.Established, pa.State);
    }
}

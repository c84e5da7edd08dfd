using System.Net;
using System.Net.Sockets;
using Bgp.Daemon.Transport;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Session;
using Bgp.Testing;

namespace Bgp.Daemon.Tests.Transport;

/// <summary>
/// An idle connection holds no receive buffer (zero-length reads): the receive loop leases a pipe segment only
/// once the peer's bytes are there, and the segment goes back once they are consumed. Without zero-length
/// reads each of workload 5's 500 idle sessions held a 4 KiB segment.
/// </summary>
public sealed class BgpConnectionIdleBufferTests
{
    private sealed class CountingHandler : IBgpConnectionHandler
    {
        public SemaphoreSlim Received { get; } = new(0);

        public void OnMessage(BgpConnection connection, in DecodeResult result)
        {
            Assert.True(result.Success);
            Received.Release();
        }

        public async Task WaitForAsync(int messages)
        {
            for (int i = 0; i < messages; i++) Assert.True(await Received.WaitAsync(TimeSpan.FromSeconds(10)));
        }

        public Task WhenReadable(BgpConnection connection) => Task.CompletedTask;

        public void OnWriteProgress(BgpConnection connection)
        {
        }

        public void OnClosed(BgpConnection connection, Exception? error)
        {
        }
    }

    [Fact]
    public async Task ReadLoop_PeerGoesQuiet_HoldsNoReceiveSegment()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        var server = await listener.AcceptSocketAsync();
        var pool = new CountingMemoryPool();
        // More than one segment's worth of messages, so the reads go on past the first lease.
        const int count = 1000;
        var handler = new CountingHandler();
        await using var connection = new BgpConnection(server, ConnectionDirection.Incoming, 16, TimeProvider.System,
            counters: null, linger: null, receivePool: pool);
        connection.Start(handler);

        byte[] keepalive = Wire.Keepalive();
        var burst = new byte[keepalive.Length * count];
        for (int i = 0; i < count; i++) keepalive.CopyTo(burst, i * keepalive.Length);
        await client.GetStream().WriteAsync(burst);
        await handler.WaitForAsync(count);
        Assert.True(pool.Rented >= 1);

        // Every message was handed over; the read loop advances past them right after. A receive loop that
        // leases before it waits keeps one segment from then on, so this never reaches zero without the fix.
        // (The read loop returns the segment on another thread: poll, up to 10 s.)
        for (int i = 0; i < 500 && pool.Outstanding != 0; i++) await Task.Delay(20);
        Assert.Equal(0, pool.Outstanding);

        // Still reading: the next bytes lease a segment again and arrive.
        int rented = pool.Rented;
        await client.GetStream().WriteAsync(keepalive);
        await handler.WaitForAsync(1);
        Assert.True(pool.Rented > rented);
    }
}

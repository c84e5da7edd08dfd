using System.Net;
using System.Net.Sockets;
using Bgp.Daemon.Transport;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Session;
using Bgp.Testing;

namespace Bgp.Daemon.Tests.Transport;

/// <summary>The read loop stops handing over messages while the handler's WhenReadable task is pending.</summary>
public sealed class BgpConnectionReadPauseTests
{
    private sealed class PausingHandler : IBgpConnectionHandler
    {
        private readonly Lock _lock = new();
        private int _received;

        public TaskCompletionSource Resume { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource First { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource All { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Expected { get; init; }

        public int Received
        {
            get
            {
                lock (_lock) return _received;
            }
        }

        public void OnMessage(BgpConnection connection, in DecodeResult result)
        {
            int n;
            lock (_lock) n = ++_received;
            if (n == 1) First.TrySetResult();
            if (n == Expected) All.TrySetResult();
        }

        // Pauses after the first message until the test resumes.
        public Task WhenReadable(BgpConnection connection) => Received >= 1 ? Resume.Task : Task.CompletedTask;

        public void OnWriteProgress(BgpConnection connection)
        {
        }

        public void OnClosed(BgpConnection connection, Exception? error)
        {
        }
    }

    [Fact]
    public async Task ReadLoop_HandlerPaused_NoMoreMessagesUntilResumed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        var server = await listener.AcceptSocketAsync();
        var handler = new PausingHandler { Expected = 3 };
        await using var connection = new BgpConnection(server, ConnectionDirection.Incoming, 16, TimeProvider.System);
        connection.Start(handler);

        // Three KEEPALIVEs in one write: all are in the pipe together, the loop must still stop after the first.
        byte[] keepalive = Wire.Keepalive();
        await client.GetStream().WriteAsync((byte[])[.. keepalive, .. keepalive, .. keepalive]);

        await handler.First.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.Equal(1, handler.Received);

        handler.Resume.SetResult();
        await handler.All.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, handler.Received);
    }
}

using System.Net;
using System.Net.Sockets;
using Bgp.Daemon.Transport;
using Bgp.Protocol;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;
using Microsoft.Extensions.Time.Testing;
using static Bgp.Daemon.Tests.TestSpeakers;

namespace Bgp.Daemon.Tests.Transport;

/// <summary>How a connection ends after our NOTIFICATION when the peer keeps its side open.</summary>
public sealed class BgpConnectionCloseTests
{
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(3);

    private sealed class QuietHandler : IBgpConnectionHandler
    {
        public void OnMessage(BgpConnection connection, in DecodeResult result)
        {
        }

        public Task WhenReadable(BgpConnection connection) => Task.CompletedTask;

        public void OnWriteProgress(BgpConnection connection)
        {
        }

        public void OnClosed(BgpConnection connection, Exception? error)
        {
        }
    }

    /// <summary>A started connection on loopback and a scripted peer on its other end (which never closes on its own).</summary>
    private static async Task<(BgpConnection Connection, RawBgpPeer Peer)> ConnectAsync(TimeProvider time)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        var server = await listener.AcceptSocketAsync();
        var connection = new BgpConnection(server, ConnectionDirection.Incoming, 16, time, linger: Linger);
        connection.Start(new QuietHandler());
        return (connection, new RawBgpPeer(client));
    }

    [Fact]
    public async Task Close_NotificationAlreadyWrittenAndPeerStaysOpen_EndsAfterLinger()
    {
        // The session queues its NOTIFICATION (SendNotification) and closes (DropConnection) in one go, but the
        // write loop runs on its own: under load it may write the NOTIFICATION and end our half of the stream
        // before the Close comes. That Close must still bound the wait for the peer's side (the linger), or a
        // peer that reads to our EOF and then waits (as a scripted peer does) keeps the read loop, and every
        // stop that awaits the connection, waiting for good.
        var time = new FakeTimeProvider();
        var (connection, peer) = await ConnectAsync(time);
        await using var _c = connection;
        await using var _p = peer;

        Assert.True(connection.SendControl(NotificationMessage.Cease(CeaseSubcode.AdministrativeShutdown, null)));
        Assert.IsType<NotificationMessage>(await peer.ReadAsync(Deadline()));
        // A clean end of stream (a reset would throw): the write loop is done, it wrote the NOTIFICATION and closed our half.
        Assert.Null(await peer.ReadAsync(Deadline()));
        connection.Close();
        time.Advance(Linger);

        await connection.Completion.WaitAsync(Deadline());
    }

    [Fact]
    public async Task Notification_WrittenWithoutClose_EndsAfterLinger()
    {
        // Nothing may follow a NOTIFICATION (RFC 4271 4.5: the connection is closed right after it), so once it is
        // out the connection ends within the linger whether or not its owner also asks to close.
        var time = new FakeTimeProvider();
        var (connection, peer) = await ConnectAsync(time);
        await using var _c = connection;
        await using var _p = peer;

        Assert.True(connection.SendControl(NotificationMessage.Cease(CeaseSubcode.AdministrativeShutdown, null)));
        Assert.IsType<NotificationMessage>(await peer.ReadAsync(Deadline()));
        Assert.Null(await peer.ReadAsync(Deadline()));
        time.Advance(Linger);

        await connection.Completion.WaitAsync(Deadline());
    }
}

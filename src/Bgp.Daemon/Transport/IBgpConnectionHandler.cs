using Bgp.Protocol.Codec;

namespace Bgp.Daemon.Transport;

/// <summary>
/// What a <see cref="BgpConnection"/> reports to its owner. Called from the connection's own loops, one
/// call at a time per loop; <see cref="OnMessage"/> runs inside the read loop, so a slow handler slows
/// socket reads (TCP itself then applies the backpressure).
/// </summary>
public interface IBgpConnectionHandler
{
    /// <summary>One framed message, decoded or failed (a framing error ends the read loop after this call).</summary>
    void OnMessage(BgpConnection connection, in DecodeResult result);

    /// <summary>
    /// Asked after every message the read loop handed over: a completed task lets it go on; otherwise it
    /// stops reading the socket (TCP flow control then holds the peer back) until the task completes.
    /// Called on the read loop; must not block.
    /// </summary>
    Task WhenReadable(BgpConnection connection);

    /// <summary>A flush completed: the peer is reading what we send (RFC 9687 send hold progress).</summary>
    void OnWriteProgress(BgpConnection connection);

    /// <summary>The connection is gone (peer closed, error, or our own close). Called once, after the read loop ended.</summary>
    void OnClosed(BgpConnection connection, Exception? error);
}

using System.Buffers;

namespace Bgp.Protocol.Codec;

/// <summary>
/// Cuts whole messages out of a byte stream (a pipe's buffer) without copying. The header is checked
/// (marker, length bounds, type) before waiting for a body, so a peer cannot make us buffer more than
/// one maximum-length message, and garbage is refused at once rather than scanned for a marker.
/// </summary>
public static class BgpFramer
{
    public enum Status
    {
        /// <summary>A whole message was cut from the front of the buffer.</summary>
        Message,
        /// <summary>Not enough bytes yet; read more and call again.</summary>
        NeedMore,
        /// <summary>The header is bad: send the error's NOTIFICATION and close.</summary>
        Error,
    }

    /// <summary>
    /// Tries to take one message from the front of <paramref name="buffer"/>. On success the message is a
    /// slice of the buffer and <paramref name="buffer"/> is advanced past it.
    /// </summary>
    public static Status TryRead(ref ReadOnlySequence<byte> buffer, int maxLength, out ReadOnlySequence<byte> message, out BgpError? error)
    {
        message = default;
        error = null;
        if (buffer.Length < BgpConstants.HeaderLength) return Status.NeedMore;
        Span<byte> header = stackalloc byte[BgpConstants.HeaderLength];
        buffer.Slice(0, BgpConstants.HeaderLength).CopyTo(header);
        error = BgpDecoder.CheckHeader(header, maxLength, out int length, out _);
        if (error is not null) return Status.Error;
        if (buffer.Length < length) return Status.NeedMore;
        message = buffer.Slice(0, length);
        buffer = buffer.Slice(length);
        return Status.Message;
    }
}

using System.Buffers;
using System.Buffers.Binary;
using Bgp.Protocol.Messages;

namespace Bgp.Protocol.Codec;

/// <summary>
/// Decodes whole BGP messages (RFC 4271 section 4). Total: every byte string gives a message or a
/// <see cref="BgpError"/> carrying the NOTIFICATION of RFC 4271 section 6 or the RFC 7606 action.
/// Nothing is read out of bounds, and nothing is allocated from a length field before it is checked
/// against the bytes actually there.
/// </summary>
/// <remarks>
/// Message header (RFC 4271 4.1):
/// <code>
///  0                   1                   2                   3
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  |                           Marker (16 octets, all ones)         |
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  |          Length               |      Type     |
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public static partial class BgpDecoder
{
    /// <summary>
    /// Checks the 19-octet header (RFC 4271 6.1): marker, length against the bounds of its type and the
    /// session's maximum, and type. Returns null when the header is acceptable.
    /// </summary>
    public static BgpError? CheckHeader(ReadOnlySpan<byte> header, int maxLength, out int length, out MessageType type)
    {
        length = 0;
        type = 0;
        if (header.Length < BgpConstants.HeaderLength)
            return BgpError.Header(MessageHeaderErrorSubcode.BadMessageLength, [], $"only {header.Length} octets, a header needs 19");
        if (header[..BgpConstants.MarkerLength].IndexOfAnyExcept((byte)0xFF) >= 0)
            return BgpError.Header(MessageHeaderErrorSubcode.ConnectionNotSynchronized, [], "marker is not all ones");
        length = BinaryPrimitives.ReadUInt16BigEndian(header[16..]);
        byte t = header[18];
        type = (MessageType)t;
        // The error data (the length field, RFC 4271 6.1) is copied only on the error paths: this check runs
        // twice per message (framer and decoder), and the copy was 4.6 MB of garbage in a full-table load.
        if (length < BgpConstants.HeaderLength || length > maxLength)
            return BgpError.Header(MessageHeaderErrorSubcode.BadMessageLength, header.Slice(16, 2).ToArray(), $"length {length} is outside 19..{maxLength}");
        int min;
        int max = maxLength;
        switch (type)
        {
            case MessageType.Open:
                min = BgpConstants.MinOpenLength;
                // RFC 8654 3: the extended maximum never applies to OPEN.
                max = BgpConstants.MaxMessageLength;
                break;
            case MessageType.Update: min = BgpConstants.MinUpdateLength; break;
            case MessageType.Notification: min = BgpConstants.MinNotificationLength; break;
            case MessageType.Keepalive:
                min = BgpConstants.KeepaliveLength;
                max = BgpConstants.KeepaliveLength;
                break;
            case MessageType.RouteRefresh: min = BgpConstants.RouteRefreshLength; break;
            default:
                return BgpError.Header(MessageHeaderErrorSubcode.BadMessageType, [t], $"unknown message type {t}");
        }
        if (length < min || length > max)
            return BgpError.Header(MessageHeaderErrorSubcode.BadMessageLength, header.Slice(16, 2).ToArray(), $"length {length} is outside {min}..{max} for {type}");
        return null;
    }

    /// <summary>Decodes one whole message, header included.</summary>
    public static DecodeResult Decode(ReadOnlySpan<byte> message, CodecOptions options)
    {
        var headerError = CheckHeader(message, options.MaxMessageLength, out int length, out var type);
        if (headerError is not null) return headerError;
        if (length != message.Length)
            return BgpError.Header(MessageHeaderErrorSubcode.BadMessageLength, message.Slice(16, 2).ToArray(),
                $"length field says {length} octets but {message.Length} are given");
        var body = message[BgpConstants.HeaderLength..];
        return type switch
        {
            MessageType.Open => DecodeOpen(body),
            MessageType.Update => DecodeUpdate(body, options),
            MessageType.Notification => DecodeNotification(body),
            MessageType.Keepalive => DecodeResult.Ok(KeepaliveMessage.Instance),
            _ => DecodeRouteRefresh(message),
        };
    }

    /// <summary>Decodes one whole message held in a (possibly multi-segment) sequence, e.g. a pipe's buffer.</summary>
    public static DecodeResult Decode(in ReadOnlySequence<byte> message, CodecOptions options)
    {
        if (message.IsSingleSegment) return Decode(message.FirstSpan, options);
        long len = message.Length;
        if (len > BgpConstants.MaxExtendedMessageLength)
            return BgpError.Header(MessageHeaderErrorSubcode.BadMessageLength, [], $"{len} octets is longer than any BGP message");
        byte[] rented = ArrayPool<byte>.Shared.Rent((int)len);
        try
        {
            message.CopyTo(rented);
            return Decode(rented.AsSpan(0, (int)len), options);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static DecodeResult DecodeNotification(ReadOnlySpan<byte> body) =>
        DecodeResult.Ok(new NotificationMessage((NotificationCode)body[0], body[1], body[2..]));

    /// <summary>
    /// ROUTE-REFRESH (RFC 2918 3, RFC 7313 3/5): AFI (2), subtype (1), SAFI (1), then ORF entries (RFC 5291).
    /// A BoRR or EoRR whose body is not exactly 4 octets is a ROUTE-REFRESH Message Error / Invalid
    /// Message Length, with the whole message as data.
    /// </summary>
    private static DecodeResult DecodeRouteRefresh(ReadOnlySpan<byte> message)
    {
        var body = message[BgpConstants.HeaderLength..];
        var subtype = (RouteRefreshSubtype)body[2];
        if (subtype is RouteRefreshSubtype.BeginningOfRouteRefresh or RouteRefreshSubtype.EndOfRouteRefresh && body.Length != 4)
            return new BgpError(NotificationCode.RouteRefreshMessageError, (byte)RouteRefreshErrorSubcode.InvalidMessageLength,
                message.ToArray(), ErrorAction.SessionReset, $"{subtype} ROUTE-REFRESH must be 23 octets, not {message.Length}");
        return DecodeResult.Ok(new RouteRefreshMessage
        {
            Family = new AfiSafi((Afi)BinaryPrimitives.ReadUInt16BigEndian(body), (Safi)body[3]),
            Subtype = subtype,
            OrfData = [.. body[4..]],
        });
    }
}

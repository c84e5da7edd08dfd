namespace Bgp.Protocol.Messages;

/// <summary>
/// RFC 8538 3: the Cease / Hard Reset NOTIFICATION (subcode 9), which tells a peer that negotiated the N bit
/// to drop our routes instead of keeping them as stale. Its data carries the NOTIFICATION that caused it:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   ErrCode     |   Subcode     |       Data (variable)         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// ErrCode, Subcode and Data are the inner NOTIFICATION's own fields.
/// </summary>
public static class HardReset
{
    /// <summary>
    /// RFC 8538 5's table of Cease subcodes: Maximum Number of Prefixes Reached, Administrative Shutdown and
    /// Peer De-configured say "Hard Reset"; Administrative Reset says "provide user control" and bgpd answers
    /// Hard Reset (an operator resets a session to start from a clean table, as FRR's default
    /// <c>bgp hard-administrative-reset</c> does). Connection Rejected, Other Configuration Change, Connection
    /// Collision Resolution, Out of Resources and BFD Down stay graceful, as does every non-Cease NOTIFICATION.
    /// </summary>
    public static bool Applies(NotificationMessage notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (notification.Code != NotificationCode.Cease) return false;
        return (CeaseSubcode)notification.Subcode is CeaseSubcode.MaximumNumberOfPrefixesReached
            or CeaseSubcode.AdministrativeShutdown or CeaseSubcode.PeerDeconfigured or CeaseSubcode.AdministrativeReset;
    }

    /// <summary>Whether <paramref name="notification"/> is a Cease / Hard Reset.</summary>
    public static bool Is(NotificationMessage notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return notification.Code == NotificationCode.Cease && notification.Subcode == (byte)CeaseSubcode.HardReset;
    }

    /// <summary>The Cease / Hard Reset carrying <paramref name="inner"/> (RFC 8538 3).</summary>
    /// <remarks>
    /// Only our own NOTIFICATIONs are wrapped; their data is at most a 256-octet shutdown communication
    /// (RFC 9003) or a 7-octet prefix limit, so the two added octets keep the message far below 4096.
    /// </remarks>
    public static NotificationMessage Wrap(NotificationMessage inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var data = new byte[inner.Data.Length + 2];
        data[0] = (byte)inner.Code;
        data[1] = inner.Subcode;
        inner.Data.AsSpan().CopyTo(data.AsSpan(2));
        return new NotificationMessage(NotificationCode.Cease, (byte)CeaseSubcode.HardReset, data);
    }

    /// <summary>
    /// The NOTIFICATION inside a Cease / Hard Reset. False when <paramref name="notification"/> is not one, or
    /// its data is too short to hold ErrCode and Subcode, or ErrCode is 0 (no NOTIFICATION has code 0): the
    /// peer's malformed data is reported as the bare Hard Reset, never thrown.
    /// </summary>
    public static bool TryUnwrap(NotificationMessage notification, out NotificationMessage inner)
    {
        ArgumentNullException.ThrowIfNull(notification);
        inner = notification;
        if (!Is(notification) || notification.Data.Length < 2 || notification.Data[0] == 0) return false;
        var data = notification.Data.AsSpan();
        inner = new NotificationMessage((NotificationCode)data[0], data[1], data[2..]);
        return true;
    }
}

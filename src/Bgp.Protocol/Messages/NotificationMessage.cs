using System.Collections.Immutable;
using System.Text;

namespace Bgp.Protocol.Messages;

/// <summary>
/// NOTIFICATION (RFC 4271 4.5). For Cease / Administrative Shutdown and Administrative Reset the data
/// may carry a shutdown communication (RFC 8203, lengthened to 255 octets by RFC 9003).
/// </summary>
public sealed class NotificationMessage : BgpMessage
{
    public NotificationMessage(NotificationCode code, byte subcode, ReadOnlySpan<byte> data)
    {
        Code = code;
        Subcode = subcode;
        Data = [.. data];
    }

    public override MessageType Type => MessageType.Notification;

    public NotificationCode Code { get; }
    public byte Subcode { get; }
    public ImmutableArray<byte> Data { get; }

    /// <summary>A Cease with a shutdown communication (RFC 9003 2): one length octet then UTF-8 text.</summary>
    public static NotificationMessage Cease(CeaseSubcode subcode, string? message)
    {
        if (string.IsNullOrEmpty(message)) return new(NotificationCode.Cease, (byte)subcode, []);
        byte[] text = Encoding.UTF8.GetBytes(message);
        int n = Math.Min(text.Length, 255);
        // Do not cut a UTF-8 sequence in half when truncating to 255 octets.
        while (n > 0 && n < text.Length && (text[n] & 0xC0) == 0x80) n--;
        byte[] data = new byte[n + 1];
        data[0] = (byte)n;
        text.AsSpan(0, n).CopyTo(data.AsSpan(1));
        return new(NotificationCode.Cease, (byte)subcode, data);
    }

    /// <summary>
    /// The shutdown communication of a Cease 2 or 4 (RFC 9003), or null when there is none or the
    /// data is not a well-formed one (then it is shown as hex only).
    /// </summary>
    public string? ShutdownCommunication
    {
        get
        {
            if (Code != NotificationCode.Cease
                || (Subcode != (byte)CeaseSubcode.AdministrativeShutdown && Subcode != (byte)CeaseSubcode.AdministrativeReset)
                || Data.Length == 0)
                return null;
            int len = Data[0];
            if (len == 0 || len + 1 > Data.Length) return null;
            try
            {
                return new UTF8Encoding(false, true).GetString(Data.AsSpan(1, len));
            }
            catch (DecoderFallbackException)
            {
                return null;
            }
        }
    }

    public override bool Equals(object? obj) =>
        obj is NotificationMessage n && Code == n.Code && Subcode == n.Subcode && Data.AsSpan().SequenceEqual(n.Data.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Code, Subcode, Data.Length);

    public override string ToString() => NotificationNames.Describe(Code, Subcode);
}

using System.Globalization;

namespace Bgp.Protocol;

/// <summary>
/// A protocol error found in a peer's input: the NOTIFICATION that RFC 4271 section 6 asks for
/// (code, subcode, data), the RFC 7606 action to take, and a sentence saying what was wrong.
/// Decoders return these as values; a malformed message is normal operation, not an exception.
/// </summary>
public sealed record BgpError(NotificationCode Code, byte Subcode, byte[] Data, ErrorAction Action, string Reason)
{
    public static BgpError Header(MessageHeaderErrorSubcode subcode, byte[] data, string reason) =>
        new(NotificationCode.MessageHeaderError, (byte)subcode, data, ErrorAction.SessionReset, reason);

    public static BgpError Open(OpenMessageErrorSubcode subcode, byte[] data, string reason) =>
        new(NotificationCode.OpenMessageError, (byte)subcode, data, ErrorAction.SessionReset, reason);

    public static BgpError Update(UpdateMessageErrorSubcode subcode, ErrorAction action, byte[] data, string reason) =>
        new(NotificationCode.UpdateMessageError, (byte)subcode, data, action, reason);

    /// <summary>The NOTIFICATION a speaker sends for this error (meaningful when the action is a session reset).</summary>
    public Messages.NotificationMessage ToNotification() => new(Code, Subcode, Data);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"{NotificationNames.Describe(Code, Subcode)} ({(byte)Code}/{Subcode}, {Action}): {Reason}");
}

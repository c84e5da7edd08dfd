namespace Bgp.Protocol;

/// <summary>Subcodes of Message Header Error (RFC 4271 6.1).</summary>
public enum MessageHeaderErrorSubcode : byte
{
    Unspecific = 0,
    ConnectionNotSynchronized = 1,
    BadMessageLength = 2,
    BadMessageType = 3,
}

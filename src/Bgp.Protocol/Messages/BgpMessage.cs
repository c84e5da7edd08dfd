namespace Bgp.Protocol.Messages;

/// <summary>A decoded BGP message (RFC 4271 4). Immutable; compared by value.</summary>
public abstract class BgpMessage
{
    public abstract MessageType Type { get; }
}

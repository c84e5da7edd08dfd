namespace Bgp.Protocol.Messages;

/// <summary>KEEPALIVE (RFC 4271 4.4): the header alone.</summary>
public sealed class KeepaliveMessage : BgpMessage
{
    public static readonly KeepaliveMessage Instance = new();

    private KeepaliveMessage() { }

    public override MessageType Type => MessageType.Keepalive;

    public override bool Equals(object? obj) => obj is KeepaliveMessage;

    public override int GetHashCode() => (int)MessageType.Keepalive;
}

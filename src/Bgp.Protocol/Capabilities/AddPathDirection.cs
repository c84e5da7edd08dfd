namespace Bgp.Protocol.Capabilities;

/// <summary>ADD-PATH directions (RFC 7911 section 4).</summary>
[Flags]
public enum AddPathDirection : byte
{
    None = 0,
    Receive = 1,
    Send = 2,
    Both = 3,
}

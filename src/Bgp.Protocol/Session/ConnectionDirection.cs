namespace Bgp.Protocol.Session;

/// <summary>Who opened a TCP connection: we did (Outgoing, to the peer's port 179) or the peer did (Incoming).</summary>
public enum ConnectionDirection : byte
{
    Outgoing = 0,
    Incoming = 1,
}

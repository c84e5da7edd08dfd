namespace Bgp.Protocol.Session;

/// <summary>The six states of the BGP finite state machine (RFC 4271 8.2.2).</summary>
public enum SessionState : byte
{
    Idle = 0,
    Connect = 1,
    Active = 2,
    OpenSent = 3,
    OpenConfirm = 4,
    Established = 5,
}

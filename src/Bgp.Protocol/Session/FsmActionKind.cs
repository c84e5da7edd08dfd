namespace Bgp.Protocol.Session;

/// <summary>What the driver must do for one <see cref="FsmAction"/>.</summary>
public enum FsmActionKind : byte
{
    /// <summary>Open a TCP connection to the peer (RFC 4271 8.2.2 "initiates a TCP connection").</summary>
    Connect = 0,
    /// <summary>Close the TCP connection (after flushing anything sent before it).</summary>
    DropConnection = 1,
    SendOpen = 2,
    SendKeepalive = 3,
    SendNotification = 4,
    /// <summary>(Re)start a timer for <see cref="FsmAction.Duration"/>.</summary>
    StartTimer = 5,
    StopTimer = 6,
    /// <summary>Hand a received UPDATE to the RIB.</summary>
    DeliverUpdate = 7,
    /// <summary>Hand a received ROUTE-REFRESH to the RIB (re-advertise the family).</summary>
    DeliverRouteRefresh = 8,
    /// <summary>The session reached Established: the RIB may start sending UPDATEs with these capabilities.</summary>
    SessionEstablished = 9,
    /// <summary>The session left Established: the RIB drops the peer's routes. Exactly once per Established.</summary>
    SessionDown = 10,
    /// <summary>The state changed (for status, logs and metrics).</summary>
    StateChanged = 11,
}

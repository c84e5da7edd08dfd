namespace Bgp.Protocol.Session;

/// <summary>
/// The timers of RFC 4271 8 (and RFC 9687's SendHoldTimer). The FSM only names them and says how long
/// they run; the driver arms them on its injected TimeProvider and feeds back the expiry event.
/// </summary>
public enum FsmTimer : byte
{
    ConnectRetry = 0,
    Hold = 1,
    Keepalive = 2,
    DelayOpen = 3,
    IdleHold = 4,
    SendHold = 5,
    /// <summary>Stable period after which the damping back-off resets (see <see cref="FsmEvent.DampingResetTimer_Expires"/>).</summary>
    DampingReset = 6,
}

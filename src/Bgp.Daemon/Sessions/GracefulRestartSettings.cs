using System.Collections.Immutable;
using Bgp.Protocol;

namespace Bgp.Daemon.Sessions;

/// <summary>
/// What our Graceful Restart capability (RFC 4724 3) says to one peer: the restart time we ask it to keep our
/// routes for, the Restart State (R) bit (we have just restarted), and the families whose forwarding state we
/// kept across the restart (F bits), and the N bit (RFC 8538 2): both sides setting it makes a NOTIFICATION other
/// than Cease / Hard Reset end the session as gracefully as a TCP failure.
/// </summary>
public sealed record GracefulRestartSettings
{
    /// <summary>Seconds (12 bits, 1..4095).</summary>
    public ushort RestartTime { get; init; } = 120;

    /// <summary>The R bit: set in the OPENs of the run that follows a restart.</summary>
    public bool RestartState { get; init; }

    /// <summary>Families whose F bit is set; every other offered family goes out with F clear.</summary>
    public ImmutableArray<AfiSafi> ForwardingPreserved { get; init; } = [];

    /// <summary>The N bit (RFC 8538 2); the configuration's <c>gracefulRestart.notificationSupport</c> sets it.</summary>
    public bool NotificationSupport { get; init; }
}

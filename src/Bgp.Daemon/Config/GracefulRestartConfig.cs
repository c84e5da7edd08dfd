namespace Bgp.Daemon.Config;

/// <summary>
/// Global <c>gracefulRestart:</c> (RFC 4724). <see cref="RestartTime"/> is what we advertise (12 bits,
/// at most 4095 s); <see cref="StalePathTime"/> bounds how long a restarting peer's routes are kept
/// after its session is back; <see cref="NotificationSupport"/> is the RFC 8538 N bit.
/// </summary>
public sealed record GracefulRestartConfig
{
    public bool Enabled { get; init; }
    public ushort RestartTime { get; init; } = 120;
    public ushort StalePathTime { get; init; } = 360;
    public bool NotificationSupport { get; init; } = true;

    /// <summary>
    /// RFC 4724 4.1 selection_deferral_timer, in seconds: after our own restart, how long the kernel routes
    /// kept from before wait for every peer's End-of-RIB before they are reconciled with the RIB anyway.
    /// </summary>
    public ushort SelectionDeferralTime { get; init; } = 120;
}

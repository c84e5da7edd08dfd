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
}

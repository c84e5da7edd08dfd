namespace Bgp.Protocol.Capabilities;

/// <summary>
/// Graceful Restart (RFC 4724, code 64): the Restart State (R) bit, the Notification (N) bit of
/// RFC 8538, the restart time in seconds (12 bits) and the families whose forwarding state is kept.
/// </summary>
public sealed record GracefulRestartCapability(
    bool RestartState, bool NotificationSupport, ushort RestartTime, IReadOnlyList<GracefulRestartFamily> Families) : Capability
{
    public override byte Code => (byte)CapabilityCode.GracefulRestart;
    public bool Equals(GracefulRestartCapability? other) =>
        other is not null && RestartState == other.RestartState && NotificationSupport == other.NotificationSupport
        && RestartTime == other.RestartTime && Families.SequenceEqual(other.Families);
    public override int GetHashCode() => HashCode.Combine(RestartState, RestartTime, Families.Count);
}

namespace Bgp.Protocol.Capabilities;

/// <summary>Long-Lived Graceful Restart (RFC 9494, code 71).</summary>
public sealed record LongLivedGracefulRestartCapability(IReadOnlyList<LongLivedGracefulRestartFamily> Families) : Capability
{
    public override byte Code => (byte)CapabilityCode.LongLivedGracefulRestart;
    public bool Equals(LongLivedGracefulRestartCapability? other) => other is not null && Families.SequenceEqual(other.Families);
    public override int GetHashCode() => Families.Count;
}

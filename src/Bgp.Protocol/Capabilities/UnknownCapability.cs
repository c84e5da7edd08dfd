namespace Bgp.Protocol.Capabilities;

/// <summary>A capability this speaker does not know, kept byte for byte.</summary>
public sealed record UnknownCapability(byte CapabilityCodeValue, byte[] Value) : Capability
{
    public override byte Code => CapabilityCodeValue;
    public bool Equals(UnknownCapability? other) =>
        other is not null && CapabilityCodeValue == other.CapabilityCodeValue && Value.AsSpan().SequenceEqual(other.Value);
    public override int GetHashCode() => HashCode.Combine(CapabilityCodeValue, Value.Length);
}

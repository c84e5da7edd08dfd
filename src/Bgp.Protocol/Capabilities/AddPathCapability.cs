namespace Bgp.Protocol.Capabilities;

/// <summary>ADD-PATH (RFC 7911, code 69).</summary>
public sealed record AddPathCapability(IReadOnlyList<AddPathFamily> Families) : Capability
{
    public override byte Code => (byte)CapabilityCode.AddPath;
    public bool Equals(AddPathCapability? other) => other is not null && Families.SequenceEqual(other.Families);
    public override int GetHashCode() => Families.Count;
}

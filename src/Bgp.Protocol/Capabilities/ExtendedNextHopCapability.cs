namespace Bgp.Protocol.Capabilities;

/// <summary>Extended Next Hop Encoding (RFC 8950, code 5): e.g. IPv4 NLRI over an IPv6 next hop.</summary>
public sealed record ExtendedNextHopCapability(IReadOnlyList<ExtendedNextHopEntry> Entries) : Capability
{
    public override byte Code => (byte)CapabilityCode.ExtendedNextHop;
    public bool Equals(ExtendedNextHopCapability? other) => other is not null && Entries.SequenceEqual(other.Entries);
    public override int GetHashCode() => Entries.Count;
}

namespace Bgp.Protocol.Capabilities;

/// <summary>Support for 4-octet AS numbers (RFC 6793, code 65), carrying the speaker's real AS.</summary>
public sealed record FourOctetAsCapability(uint Asn) : Capability
{
    public override byte Code => (byte)CapabilityCode.FourOctetAs;
}

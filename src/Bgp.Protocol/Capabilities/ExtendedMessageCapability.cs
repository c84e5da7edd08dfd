namespace Bgp.Protocol.Capabilities;

/// <summary>Extended Message (RFC 8654, code 6): messages up to 65535 octets.</summary>
public sealed record ExtendedMessageCapability : Capability
{
    public override byte Code => (byte)CapabilityCode.ExtendedMessage;
}

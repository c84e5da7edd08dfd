namespace Bgp.Protocol.Capabilities;

/// <summary>Multiprotocol Extensions (RFC 4760, code 1): one family the speaker can carry.</summary>
public sealed record MultiprotocolCapability(AfiSafi Family) : Capability
{
    public override byte Code => (byte)CapabilityCode.Multiprotocol;
}

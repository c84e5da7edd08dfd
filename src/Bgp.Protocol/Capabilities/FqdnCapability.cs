namespace Bgp.Protocol.Capabilities;

/// <summary>FQDN (draft-walton-bgp-hostname-capability, code 73): host and domain name.</summary>
public sealed record FqdnCapability(string HostName, string DomainName) : Capability
{
    public override byte Code => (byte)CapabilityCode.Fqdn;
}

namespace Bgp.Protocol.Capabilities;

/// <summary>BGP Role (RFC 9234, code 9).</summary>
public sealed record RoleCapability(BgpRole Role) : Capability
{
    public override byte Code => (byte)CapabilityCode.Role;
}

namespace Bgp.Protocol;

/// <summary>Subcodes of OPEN Message Error (RFC 4271 6.2, RFC 5492, RFC 9234).</summary>
public enum OpenMessageErrorSubcode : byte
{
    Unspecific = 0,
    UnsupportedVersionNumber = 1,
    BadPeerAs = 2,
    BadBgpIdentifier = 3,
    UnsupportedOptionalParameter = 4,
    UnacceptableHoldTime = 6,
    UnsupportedCapability = 7,
    RoleMismatch = 11,
}

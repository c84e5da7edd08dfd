namespace Bgp.Protocol.Attributes;

/// <summary>The high four bits of a path attribute's flags octet (RFC 4271 4.3).</summary>
[Flags]
public enum AttributeFlags : byte
{
    None = 0,
    ExtendedLength = 0x10,
    Partial = 0x20,
    Transitive = 0x40,
    Optional = 0x80,
}

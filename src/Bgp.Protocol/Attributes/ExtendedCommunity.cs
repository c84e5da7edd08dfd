namespace Bgp.Protocol.Attributes;

/// <summary>
/// An extended community (RFC 4360): 8 octets, the first one or two giving its type. Printed the way
/// BIRD and GoBGP do for the common types (route target, route origin), else as hex.
/// </summary>
public readonly record struct ExtendedCommunity(ulong Value)
{
    public byte TypeHigh => (byte)(Value >> 56);
    public byte SubType => (byte)(Value >> 48);
    public bool IsTransitive => (TypeHigh & 0x40) == 0;

    public override string ToString()
    {
        byte type = (byte)(TypeHigh & 0x3f);
        string kind = SubType switch { 0x02 => "rt", 0x03 => "ro", _ => "" };
        if (kind.Length > 0)
        {
            switch (type)
            {
                case 0x00: return $"{kind}:{(ushort)(Value >> 32)}:{(uint)Value}";
                case 0x01: return $"{kind}:{RouterId.Format((uint)(Value >> 16))}:{(ushort)Value}";
                case 0x02: return $"{kind}:{(uint)(Value >> 16)}:{(ushort)Value}";
            }
        }
        return $"0x{Value:x16}";
    }
}

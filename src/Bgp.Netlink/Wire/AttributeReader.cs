using System.Runtime.InteropServices;

namespace Bgp.Netlink.Wire;

/// <summary>Walks struct rtattr / nlattr records (same layout); stops at the first that does not fit.</summary>
internal ref struct AttributeReader
{
    private ReadOnlySpan<byte> rest;

    public AttributeReader(ReadOnlySpan<byte> attributes)
    {
        rest = attributes;
        Type = 0;
        Value = default;
    }

    public ushort Type { get; private set; }
    public ReadOnlySpan<byte> Value { get; private set; }

    public bool MoveNext()
    {
        if (rest.Length < Rt.AttrHeaderSize) return false;
        var len = MemoryMarshal.Read<ushort>(rest);
        if (len < Rt.AttrHeaderSize || len > rest.Length) return false;
        Type = (ushort)(MemoryMarshal.Read<ushort>(rest[2..]) & Nl.NLA_TYPE_MASK);
        Value = rest[Rt.AttrHeaderSize..len];
        rest = rest[Math.Min(Nl.Align(len), rest.Length)..];
        return true;
    }

    public readonly uint ValueU32 => Value.Length >= 4 ? MemoryMarshal.Read<uint>(Value) : 0;
}

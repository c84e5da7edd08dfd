using System.Buffers.Binary;
using System.Net;

namespace Bgp.Protocol.Mrt;

/// <summary>Big-endian field reader over one record body; every read is bounds-checked and reports failure instead of throwing.</summary>
internal ref struct MrtSpanReader
{
    private ReadOnlySpan<byte> _rest;

    public MrtSpanReader(ReadOnlySpan<byte> data) => _rest = data;

    public readonly int Remaining => _rest.Length;
    public readonly ReadOnlySpan<byte> Rest => _rest;

    public bool TryU8(out byte value)
    {
        value = 0;
        if (_rest.Length < 1) return false;
        value = _rest[0];
        _rest = _rest[1..];
        return true;
    }

    public bool TryU16(out ushort value)
    {
        value = 0;
        if (_rest.Length < 2) return false;
        value = BinaryPrimitives.ReadUInt16BigEndian(_rest);
        _rest = _rest[2..];
        return true;
    }

    public bool TryU32(out uint value)
    {
        value = 0;
        if (_rest.Length < 4) return false;
        value = BinaryPrimitives.ReadUInt32BigEndian(_rest);
        _rest = _rest[4..];
        return true;
    }

    public bool TryBytes(int count, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (count < 0 || _rest.Length < count) return false;
        value = _rest[..count];
        _rest = _rest[count..];
        return true;
    }

    public bool TryAddress(bool ipv6, out IPAddress? address)
    {
        address = null;
        if (!TryBytes(ipv6 ? 16 : 4, out var bytes)) return false;
        address = new IPAddress(bytes);
        return true;
    }
}

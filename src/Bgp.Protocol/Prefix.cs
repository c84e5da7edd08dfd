using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Bgp.Protocol;

/// <summary>
/// An IPv4 or IPv6 prefix in two machine words: the address left-aligned in 128 bits (an IPv4 address
/// takes the top 32), its length, and the family. Bits past the length are always zero, so two equal
/// prefixes are equal field by field.
/// </summary>
public readonly struct Prefix : IEquatable<Prefix>, IComparable<Prefix>
{
    private readonly ulong _hi;
    private readonly ulong _lo;
    private readonly byte _length;
    private readonly bool _ipv6;

    private Prefix(ulong hi, ulong lo, int length, bool ipv6)
    {
        _length = (byte)length;
        _ipv6 = ipv6;
        // Clear the host bits so that equality and hashing see the canonical prefix.
        if (length == 0) { _hi = 0; _lo = 0; }
        else if (length <= 64) { _hi = hi & (ulong.MaxValue << (64 - length)); _lo = 0; }
        else { _hi = hi; _lo = length == 128 ? lo : lo & (ulong.MaxValue << (128 - length)); }
    }

    public int Length => _length;
    public bool IsIpv6 => _ipv6;
    public Afi Afi => _ipv6 ? Afi.Ipv6 : Afi.Ipv4;
    public int MaxLength => _ipv6 ? 128 : 32;
    /// <summary>Top 64 bits of the left-aligned address.</summary>
    public ulong High => _hi;
    /// <summary>Low 64 bits of the left-aligned address (always zero for IPv4).</summary>
    public ulong Low => _lo;
    /// <summary>The IPv4 address as a host-order number (only for IPv4 prefixes).</summary>
    public uint Ipv4Bits => (uint)(_hi >> 32);
    /// <summary>Number of address bytes the prefix takes in an NLRI encoding.</summary>
    public int ByteCount => (_length + 7) >> 3;

    public static Prefix V4(uint address, int length)
    {
        if ((uint)length > 32) throw new ArgumentOutOfRangeException(nameof(length));
        return new Prefix((ulong)address << 32, 0, length, false);
    }

    public static Prefix V6(ulong high, ulong low, int length)
    {
        if ((uint)length > 128) throw new ArgumentOutOfRangeException(nameof(length));
        return new Prefix(high, low, length, true);
    }

    /// <summary>
    /// Builds a prefix from NLRI address bytes (at most 4 or 16, fewer when the length allows).
    /// Trailing bits set past the length are cleared, as tshark and BIRD do (RFC 4271 does not require
    /// the sender to zero them).
    /// </summary>
    public static Prefix FromNlriBytes(bool ipv6, int length, ReadOnlySpan<byte> bytes)
    {
        // Byte by byte into the two words: an NLRI prefix is mostly 3 octets (a /24), so this beats
        // clearing and copying into a 16-octet buffer first.
        int n = Math.Min(bytes.Length, ipv6 ? 16 : 4);
        ulong hi = 0;
        ulong lo = 0;
        int i = 0;
        for (; i < n && i < 8; i++) hi |= (ulong)bytes[i] << (56 - 8 * i);
        for (; i < n; i++) lo |= (ulong)bytes[i] << (120 - 8 * i);
        return new Prefix(hi, lo, length, ipv6);
    }

    public static Prefix FromAddress(IPAddress address, int length)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out int written)) throw new ArgumentException("not an IP address", nameof(address));
        bool v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        if ((uint)length > (v6 ? 128u : 32u)) throw new ArgumentOutOfRangeException(nameof(length));
        return FromNlriBytes(v6, length, bytes[..written]);
    }

    /// <summary>Writes the address bytes of the NLRI encoding (without the length octet).</summary>
    public int WriteAddressBytes(Span<byte> destination)
    {
        int n = ByteCount;
        int i = 0;
        for (; i < n && i < 8; i++) destination[i] = (byte)(_hi >> (56 - 8 * i));
        for (; i < n; i++) destination[i] = (byte)(_lo >> (120 - 8 * i));
        return n;
    }

    public IPAddress Address
    {
        get
        {
            Span<byte> full = stackalloc byte[16];
            BinaryPrimitives.WriteUInt64BigEndian(full, _hi);
            BinaryPrimitives.WriteUInt64BigEndian(full[8..], _lo);
            return new IPAddress(_ipv6 ? full : full[..4]);
        }
    }

    /// <summary>True when <paramref name="other"/> is this prefix or a more specific one inside it.</summary>
    public bool Contains(Prefix other)
    {
        if (other._ipv6 != _ipv6 || other._length < _length) return false;
        return new Prefix(other._hi, other._lo, _length, _ipv6).Equals(this);
    }

    public static bool TryParse(string? text, out Prefix prefix)
    {
        prefix = default;
        if (string.IsNullOrEmpty(text)) return false;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        string addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address)) return false;
        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)) return false;
        int max = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        int length = max;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, null, out length) || length > max))
            return false;
        prefix = FromAddress(address, length);
        return true;
    }

    public static Prefix Parse(string text) =>
        TryParse(text, out var p) ? p : throw new FormatException($"'{text}' is not an IPv4 or IPv6 prefix");

    public bool Equals(Prefix other) =>
        _hi == other._hi && _lo == other._lo && _length == other._length && _ipv6 == other._ipv6;

    public override bool Equals([NotNullWhen(true)] object? obj) => obj is Prefix p && Equals(p);

    public override int GetHashCode() => HashCode.Combine(_hi, _lo, _length, _ipv6);

    /// <summary>IPv4 before IPv6, then by address, then shorter first.</summary>
    public int CompareTo(Prefix other)
    {
        int c = _ipv6.CompareTo(other._ipv6);
        if (c != 0) return c;
        c = _hi.CompareTo(other._hi);
        if (c != 0) return c;
        c = _lo.CompareTo(other._lo);
        return c != 0 ? c : _length.CompareTo(other._length);
    }

    public static bool operator ==(Prefix left, Prefix right) => left.Equals(right);
    public static bool operator !=(Prefix left, Prefix right) => !left.Equals(right);
    public static bool operator <(Prefix left, Prefix right) => left.CompareTo(right) < 0;
    public static bool operator >(Prefix left, Prefix right) => left.CompareTo(right) > 0;
    public static bool operator <=(Prefix left, Prefix right) => left.CompareTo(right) <= 0;
    public static bool operator >=(Prefix left, Prefix right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{Address}/{_length}";
}

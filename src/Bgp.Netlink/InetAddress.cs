using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Bgp.Netlink;

/// <summary>
/// An IPv4 or IPv6 address held in two integers (no heap object), so that routes can be built and
/// encoded without allocating. IPv4 sits in the low 32 bits of <see cref="Low"/>. <c>default</c> is
/// "no address" (<see cref="IsNone"/>), used for a next hop that is only an interface.
/// </summary>
public readonly record struct InetAddress
{
    private readonly byte family; // 0, AF_INET (2) or AF_INET6 (10): the kernel's own values.

    private InetAddress(byte family, ulong high, ulong low)
    {
        this.family = family;
        High = high;
        Low = low;
    }

    /// <summary>First eight bytes of an IPv6 address in network order as a number; 0 for IPv4.</summary>
    public ulong High { get; }

    /// <summary>Last eight bytes of an IPv6 address, or the IPv4 address, in network order as a number.</summary>
    public ulong Low { get; }

    public bool IsNone => family == 0;
    public bool IsIPv4 => family == Wire.Rt.AF_INET;
    public bool IsIPv6 => family == Wire.Rt.AF_INET6;

    /// <summary>The Linux address family (2 or 10), 0 for none.</summary>
    internal byte Family => family;

    /// <summary>Address length in bytes: 4, 16, or 0 for none.</summary>
    public int ByteLength => family == Wire.Rt.AF_INET ? 4 : family == Wire.Rt.AF_INET6 ? 16 : 0;

    public AddressFamily AddressFamily =>
        family == Wire.Rt.AF_INET ? AddressFamily.InterNetwork :
        family == Wire.Rt.AF_INET6 ? AddressFamily.InterNetworkV6 : AddressFamily.Unspecified;

    public static InetAddress FromIPv4(uint address) => new(Wire.Rt.AF_INET, 0, address);

    public static InetAddress FromIPv6(ulong high, ulong low) => new(Wire.Rt.AF_INET6, high, low);

    /// <summary>Reads 4 or 16 bytes in network order; any other length is rejected.</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out InetAddress address)
    {
        if (bytes.Length == 4)
        {
            address = FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(bytes));
            return true;
        }
        if (bytes.Length == 16)
        {
            address = FromIPv6(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
            return true;
        }
        address = default;
        return false;
    }

    public static InetAddress FromIPAddress(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written) || !TryRead(bytes[..written], out var result))
            throw new ArgumentException("not an IPv4 or IPv6 address", nameof(address));
        return result;
    }

    public static InetAddress Parse(string text) => FromIPAddress(IPAddress.Parse(text));

    /// <summary>Writes the address in network order; returns the number of bytes written (0 for none).</summary>
    public int WriteTo(Span<byte> destination)
    {
        if (IsIPv4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)Low);
            return 4;
        }
        if (IsIPv6)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination, High);
            BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
            return 16;
        }
        return 0;
    }

    public IPAddress? ToIPAddress()
    {
        if (IsNone) return null;
        Span<byte> bytes = stackalloc byte[16];
        return new IPAddress(bytes[..WriteTo(bytes)]);
    }

    public override string ToString() => IsNone ? "none" : ToIPAddress()!.ToString();

    internal string Format(CultureInfo culture) => ToString();
}

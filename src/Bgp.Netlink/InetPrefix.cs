namespace Bgp.Netlink;

/// <summary>
/// A route destination: an address with its host bits cleared and a prefix length. Construction masks
/// the host bits, because the kernel rejects an IPv4 route whose destination has them set ("Invalid
/// prefix for given prefix length").
/// </summary>
public readonly record struct InetPrefix
{
    public InetPrefix(InetAddress address, int length)
    {
        var max = address.ByteLength * 8;
        if (address.IsNone || length < 0 || length > max)
            throw new ArgumentOutOfRangeException(nameof(length), length, "prefix length out of range for the address family");
        Length = (byte)length;
        Address = Mask(address, length);
    }

    public InetAddress Address { get; }
    public byte Length { get; }

    public bool IsIPv4 => Address.IsIPv4;

    /// <summary>Parses "10.0.0.0/24" or "2001:db8::/32"; a bare address is a host prefix.</summary>
    public static InetPrefix Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var address = InetAddress.Parse(slash < 0 ? text : text[..slash]);
        var length = slash < 0 ? address.ByteLength * 8 : int.Parse(text.AsSpan(slash + 1), System.Globalization.CultureInfo.InvariantCulture);
        return new InetPrefix(address, length);
    }

    public override string ToString() => Address + "/" + Length.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static InetAddress Mask(InetAddress address, int length)
    {
        if (address.IsIPv4)
            return InetAddress.FromIPv4(length == 0 ? 0u : (uint)address.Low & (uint.MaxValue << (32 - length)));
        var high = length == 0 ? 0UL : length >= 64 ? address.High : address.High & (ulong.MaxValue << (64 - length));
        var low = length <= 64 ? 0UL : length == 128 ? address.Low : address.Low & (ulong.MaxValue << (128 - length));
        return InetAddress.FromIPv6(high, low);
    }
}

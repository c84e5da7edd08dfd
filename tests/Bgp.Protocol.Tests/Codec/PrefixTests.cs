using Bgp.Testing.Arbitraries;
using FsCheck.Xunit;

namespace Bgp.Protocol.Tests.Codec;

/// <summary>Prefix parsing, formatting, masking, containment and order.</summary>
public class PrefixTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0/8", 8, false)]
    [InlineData("10.1.2.3/8", "10.0.0.0/8", 8, false)]
    [InlineData("192.0.2.1", "192.0.2.1/32", 32, false)]
    [InlineData("0.0.0.0/0", "0.0.0.0/0", 0, false)]
    [InlineData("2001:db8::/32", "2001:db8::/32", 32, true)]
    [InlineData("2001:db8:ffff::1/33", "2001:db8:8000::/33", 33, true)]
    [InlineData("::/0", "::/0", 0, true)]
    [InlineData("fe80::1", "fe80::1/128", 128, true)]
    public void Parse_ValidText_MasksHostBitsAndFormats(string text, string formatted, int length, bool ipv6)
    {
        var p = Prefix.Parse(text);
        Assert.Equal(formatted, p.ToString());
        Assert.Equal(length, p.Length);
        Assert.Equal(ipv6, p.IsIpv6);
        Assert.Equal(p, Prefix.Parse(formatted));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("10.0.0.0/33")]
    [InlineData("::/129")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/ 8")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0/8x")]
    [InlineData("not-an-address/8")]
    public void TryParse_InvalidText_ReturnsFalse(string? text)
    {
        Assert.False(Prefix.TryParse(text, out _));
        if (text is not null) Assert.Throws<FormatException>(() => Prefix.Parse(text));
    }

    [Fact]
    public void V4_HostBitsSet_EqualsMaskedPrefix()
    {
        Assert.Equal(Prefix.V4(0x0A000000, 8), Prefix.V4(0x0A010203, 8));
        Assert.Equal(Prefix.V4(0x0A000000, 8).GetHashCode(), Prefix.V4(0x0A010203, 8).GetHashCode());
        Assert.Equal(0x0A000000u, Prefix.V4(0x0AFFFFFF, 8).Ipv4Bits);
    }

    [Fact]
    public void FromNlriBytes_TrailingBitsSet_ClearsThem()
    {
        // The corpus case nlri_mask_trailing_bits: 11.13.0.0/13 on the wire is 11.8.0.0/13.
        var p = Prefix.FromNlriBytes(false, 13, [11, 13]);
        Assert.Equal("11.8.0.0/13", p.ToString());
        Assert.Equal(2, p.ByteCount);
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.1.0.0/16", true)]
    [InlineData("10.0.0.0/8", "10.0.0.0/8", true)]
    [InlineData("10.1.0.0/16", "10.0.0.0/8", false)]
    [InlineData("10.0.0.0/8", "11.0.0.0/16", false)]
    [InlineData("0.0.0.0/0", "203.0.113.7/32", true)]
    [InlineData("0.0.0.0/0", "::/0", false)]
    [InlineData("::/0", "2001:db8::/32", true)]
    [InlineData("2001:db8::/32", "2001:db9::/48", false)]
    public void Contains_Pair_GivesExpected(string outer, string inner, bool expected) =>
        Assert.Equal(expected, Prefix.Parse(outer).Contains(Prefix.Parse(inner)));

    [Fact]
    public void CompareTo_MixedPrefixes_OrdersIpv4FirstThenAddressThenShorterFirst()
    {
        string[] sorted = ["10.0.0.0/8", "10.0.0.0/16", "10.1.0.0/16", "192.0.2.0/24", "::/0", "2001:db8::/32"];
        var shuffled = sorted.Reverse().Select(Prefix.Parse).ToArray();
        Array.Sort(shuffled);
        Assert.Equal(sorted, shuffled.Select(p => p.ToString()));
    }

    [Property(Arbitrary = [typeof(BgpArbitraries)], MaxTest = 300)]
    public void ParseOfToString_AnyPrefix_IsTheSamePrefix(Prefix p) => Assert.Equal(p, Prefix.Parse(p.ToString()));

    [Property(Arbitrary = [typeof(BgpArbitraries)], MaxTest = 300)]
    public void Contains_ShorterPrefixOfSameAddress_ContainsTheLonger(Prefix p, byte cut)
    {
        int shorter = cut % (p.Length + 1);
        var outer = p.IsIpv6 ? Prefix.V6(p.High, p.Low, shorter) : Prefix.V4(p.Ipv4Bits, shorter);
        Assert.True(outer.Contains(p));
        Assert.True(p.Contains(p));
        Assert.Equal(shorter == p.Length, p.Contains(outer));
    }

    [Property(Arbitrary = [typeof(BgpArbitraries)], MaxTest = 300)]
    public void WriteAddressBytes_ThenFromNlriBytes_IsTheSamePrefix(Prefix p)
    {
        Span<byte> b = stackalloc byte[16];
        int n = p.WriteAddressBytes(b);
        Assert.Equal(p.ByteCount, n);
        Assert.Equal(p, Prefix.FromNlriBytes(p.IsIpv6, p.Length, b[..n]));
    }
}

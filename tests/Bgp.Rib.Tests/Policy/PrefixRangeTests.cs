using Bgp.Protocol;
using Bgp.Rib.Policy;

namespace Bgp.Rib.Tests.Policy;

/// <summary>Prefix range bounds and text forms: ge/le at the edges, IPv6, and every way to get them wrong.</summary>
public sealed class PrefixRangeTests
{
    [Theory]
    [InlineData("10.0.0.0/8", 8, 8)]
    [InlineData("10.0.0.0/8 exact", 8, 8)]
    [InlineData("10.0.0.0/8 orlonger", 8, 32)]
    [InlineData("10.0.0.0/8 longer", 9, 32)]
    [InlineData("10.0.0.0/8 ge 16", 16, 32)]
    [InlineData("10.0.0.0/8 le 16", 8, 16)]
    [InlineData("10.0.0.0/8 le 24 ge 16", 16, 24)]
    [InlineData("10.0.0.0/8 ge 16 le 24", 16, 24)]
    [InlineData("10.0.0.0/8 ge 8 le 8", 8, 8)]
    [InlineData("10.0.0.0/8 ge 32", 32, 32)]
    [InlineData("0.0.0.0/0 le 32", 0, 32)]
    [InlineData("10.1.2.3/32 orlonger", 32, 32)]
    [InlineData("2001:db8::/32 orlonger", 32, 128)]
    [InlineData("2001:db8::/32 ge 48 le 64", 48, 64)]
    [InlineData("::/0 ge 128", 128, 128)]
    [InlineData("2001:db8::/32{40,48}", 40, 48)]
    [InlineData("2001:db8::/32+", 32, 128)]
    public void PrefixRange_Parse_Bounds(string text, int min, int max)
    {
        var range = PrefixRange.Parse(text);
        Assert.Equal(min, range.MinLength);
        Assert.Equal(max, range.MaxLength);
        Assert.Equal(range, PrefixRange.Parse(range.ToString()));
    }

    [Theory]
    [InlineData("10.0.0.0/8 ge 7")]
    [InlineData("10.0.0.0/16 le 8")]
    [InlineData("10.0.0.0/8 ge 24 le 16")]
    [InlineData("10.0.0.0/8 le 33")]
    [InlineData("2001:db8::/32 le 129")]
    [InlineData("10.1.2.3/32 longer")]
    [InlineData("10.0.0.0/8 ge")]
    [InlineData("10.0.0.0/8 sideways")]
    [InlineData("10.0.0.0/33")]
    [InlineData("banana")]
    [InlineData("10.0.0.0/8{16}")]
    [InlineData("")]
    public void PrefixRange_TryParse_RejectsWithReason(string text)
    {
        Assert.False(PrefixRange.TryParse(text, out _, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void PrefixRange_HostBitsInText_AreCleared()
    {
        var range = PrefixRange.Parse("10.1.2.3/8 le 16");
        Assert.Equal(Prefix.Parse("10.0.0.0/8"), range.Prefix);
        Assert.True(range.Contains(Prefix.Parse("10.200.0.0/16")));
    }

    [Theory]
    [InlineData(null, null, 16, 16)]
    [InlineData(20, null, 20, 32)]
    [InlineData(null, 20, 16, 20)]
    [InlineData(18, 20, 18, 20)]
    public void PrefixRange_Create_CiscoRule(int? ge, int? le, int min, int max)
    {
        var range = PrefixRange.Create(Prefix.Parse("172.16.0.0/16"), ge, le);
        Assert.Equal((min, max), (range.MinLength, range.MaxLength));
    }

    [Fact]
    public void PrefixRange_Ipv6MaxLength_Edges()
    {
        var range = PrefixRange.Parse("2001:db8::/127 orlonger");
        Assert.True(range.Contains(Prefix.Parse("2001:db8::1/128")));
        Assert.True(range.Contains(Prefix.Parse("2001:db8::/127")));
        Assert.False(range.Contains(Prefix.Parse("2001:db8::2/128")));
        Assert.False(range.Contains(Prefix.Parse("2001:db8::/126")));
        var list = new PrefixList("l", [range, PrefixRange.Parse("::/0 ge 128")]);
        Assert.True(list.Contains(Prefix.Parse("ffff::1/128")));
        Assert.False(list.Contains(Prefix.Parse("ffff::/127")));
    }
}

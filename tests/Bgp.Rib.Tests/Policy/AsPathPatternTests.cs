using Bgp.Rib.Policy;
using static Bgp.Rib.Tests.Policy.PolicyTestKit;

namespace Bgp.Rib.Tests.Policy;

/// <summary>AS-path patterns over AS numbers: anchors, wildcards, quantifiers and groups.</summary>
public sealed class AsPathPatternTests
{
    [Theory]
    [InlineData("^65001", "65001 65002 65003", true)]
    [InlineData("^65002", "65001 65002 65003", false)]
    [InlineData("65003$", "65001 65002 65003", true)]
    [InlineData("65002$", "65001 65002 65003", false)]
    [InlineData("65002", "65001 65002 65003", true)]
    [InlineData("6500", "65001 65002 65003", false)]
    [InlineData("^65001 .* 65003$", "65001 65002 65003", true)]
    [InlineData("^65001 .* 65003$", "65001 65003", true)]
    [InlineData("^65001 . 65003$", "65001 65003", false)]
    [InlineData("^65001 . 65003$", "65001 65009 65003", true)]
    [InlineData("^$", "", true)]
    [InlineData("^$", "65001", false)]
    [InlineData("", "65001", true)]
    [InlineData("^.*$", "", true)]
    [InlineData("^(64512|64513)+$", "64512 64513 64512", true)]
    [InlineData("^(64512|64513)+$", "64512 65001", false)]
    [InlineData("^(64512|64513)+$", "", false)]
    [InlineData("^65001+ 65002$", "65001 65001 65001 65002", true)]
    [InlineData("^65001+ 65002$", "65002", false)]
    [InlineData("^65001? 65002$", "65002", true)]
    [InlineData("^65001? 65002$", "65001 65001 65002", false)]
    [InlineData("_65002_", "65001 65002 65003", true)]
    [InlineData("65002 65003", "65002 65001 65003", false)]
    [InlineData("65005$", "65001 {65004 65005}", true)]
    [InlineData("^. . . .$", "65001 65002 65003", false)]
    [InlineData("^. . .$", "65001 65002 65003", true)]
    public void AsPathPattern_IsMatch_Table(string pattern, string path, bool expected)
    {
        var p = AsPathPattern.Parse(pattern);
        Assert.Equal(expected, p.IsMatch(ParsePath(path)));
        Assert.Equal(expected, new AsPathRegexMatch(p).Matches(Route("10.0.0.0/8", Attrs(path))));
    }

    [Theory]
    [InlineData("65001 abc")]
    [InlineData("(65001|x)")]
    [InlineData("4294967296")]
    [InlineData("65001**")]
    public void AsPathPattern_TryParse_RejectsMalformed(string text)
    {
        Assert.False(AsPathPattern.TryParse(text, out _, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void AsPathPattern_TooManyElements_Rejected()
    {
        string text = string.Join(' ', Enumerable.Repeat("65001+", 32));
        Assert.False(AsPathPattern.TryParse(text, out _, out _));
        Assert.True(AsPathPattern.TryParse(string.Join(' ', Enumerable.Repeat("65001", 63)), out _, out _));
    }

    [Fact]
    public void AsPathPattern_ManyWildcardsLongPath_Linear()
    {
        // A backtracking matcher takes exponential time on this; the bit-set automaton is linear.
        var p = AsPathPattern.Parse("^.* .* .* .* .* .* .* .* .* .* 1$");
        var path = ParsePath(string.Join(' ', Enumerable.Repeat("65001", 250)));
        Assert.False(p.IsMatch(path));
    }
}

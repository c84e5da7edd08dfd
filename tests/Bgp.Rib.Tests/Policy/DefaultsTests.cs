using Bgp.Rib.Policy;
using static Bgp.Rib.Tests.Policy.PolicyTestKit;

namespace Bgp.Rib.Tests.Policy;

/// <summary>RFC 8212: no filter on an eBGP session means nothing in and nothing out; iBGP is unaffected. Plus the catalog of names.</summary>
public sealed class DefaultsTests
{
    private static readonly Filter Custom = FilterOf("pod-cidrs", PolicyVerdict.Reject, Term("all", [], RouteAction.Accept));

    [Theory]
    [InlineData(false, false, false, Filter.RejectAllName, Filter.RejectAllName)]
    [InlineData(true, false, false, Filter.AcceptAllName, Filter.AcceptAllName)]
    [InlineData(false, true, false, "pod-cidrs", Filter.RejectAllName)]
    [InlineData(false, false, true, Filter.RejectAllName, "pod-cidrs")]
    [InlineData(true, true, true, "pod-cidrs", "pod-cidrs")]
    public void PolicyDefaults_Rfc8212_ResolvesMissingFilters(bool isInternal, bool hasImport, bool hasExport, string import, string export)
    {
        var policy = PolicyDefaults.Rfc8212.ForPeer(isInternal, hasImport ? Custom : null, hasExport ? Custom : null);
        Assert.Equal(import, policy.Import.Name);
        Assert.Equal(export, policy.Export.Name);
        Assert.Equal(!hasImport, policy.ImportDefaulted);
        Assert.Equal(!hasExport, policy.ExportDefaulted);
    }

    [Fact]
    public void PolicyDefaults_EbgpWithoutFilters_RejectsBothWays()
    {
        var policy = PolicyDefaults.Rfc8212.ForPeer(isInternal: false, null, null);
        Assert.False(policy.EvaluateImport(Route("10.0.0.0/8")).Accepted);
        Assert.False(policy.EvaluateExport(Route("10.0.0.0/8")).Accepted);
    }

    [Fact]
    public void PolicyDefaults_EbgpRequiresPolicyOff_AcceptsEbgp()
    {
        var legacy = PolicyDefaults.Rfc8212 with { EbgpRequiresPolicy = false };
        Assert.Same(Filter.AcceptAll, legacy.Resolve(null, isInternal: false));
        Assert.Same(Filter.RejectAll, PolicyDefaults.Rfc8212.Resolve(null, isInternal: false));
    }

    [Fact]
    public void FilterCatalog_BuiltIns_PresentAndNotRedefinable()
    {
        var catalog = new FilterCatalog();
        Assert.True(catalog.TryGetFilter("accept-all", out var accept));
        Assert.Same(Filter.AcceptAll, accept);
        Assert.True(catalog.TryGetFilter("reject-all", out var reject));
        Assert.Same(Filter.RejectAll, reject);
        Assert.False(catalog.TryAdd(new Filter("accept-all", []), out string? error));
        Assert.Contains("built in", error, StringComparison.Ordinal);
        Assert.True(Filter.AcceptAll.IsBuiltIn);
        Assert.False(Custom.IsBuiltIn);
    }

    [Fact]
    public void FilterCatalog_DuplicateAndUnknownNames_Reported()
    {
        var catalog = new FilterCatalog();
        Assert.True(catalog.TryAdd(Custom, out _));
        Assert.False(catalog.TryAdd(FilterOf("pod-cidrs", PolicyVerdict.Accept), out string? duplicate));
        Assert.Contains("twice", duplicate, StringComparison.Ordinal);
        Assert.True(catalog.TryAdd(new PrefixList("pods", [PrefixRange.Parse("10.244.0.0/16 le 26")]), out _));
        Assert.False(catalog.TryAdd(new PrefixList("pods", []), out _));
        Assert.True(catalog.TryGetPrefixList("pods", out _));

        Assert.False(catalog.TryResolvePeer("accept-all", "pod-cidr", isInternal: false, PolicyDefaults.Rfc8212, out _, out string? unknown));
        Assert.Contains("exportFilter 'pod-cidr'", unknown, StringComparison.Ordinal);
        Assert.True(catalog.TryResolvePeer(null, "pod-cidrs", isInternal: false, PolicyDefaults.Rfc8212, out var policy, out _));
        Assert.Same(Filter.RejectAll, policy.Import);
        Assert.Same(Custom, policy.Export);
    }

    [Theory]
    [InlineData("no-export", 0xFFFFFF01u)]
    [InlineData("NO-ADVERTISE", 0xFFFFFF02u)]
    [InlineData("no-export-subconfed", 0xFFFFFF03u)]
    [InlineData("graceful-shutdown", 0xFFFF0000u)]
    [InlineData("blackhole", 0xFFFF029Au)]
    [InlineData("65000:100", 0xFDE80064u)]
    [InlineData("0:0", 0u)]
    public void Communities_Parse_KnownNamesAndHighLow(string text, uint value)
    {
        Assert.Equal(value, Communities.Parse(text));
        Assert.Equal(value, Communities.Parse(Communities.Format(value)));
    }

    [Theory]
    [InlineData("65536:1")]
    [InlineData("1:65536")]
    [InlineData("65000")]
    [InlineData("no-such-name")]
    [InlineData("-1:2")]
    [InlineData("")]
    public void Communities_TryParse_RejectsMalformed(string text) => Assert.False(Communities.TryParse(text, out _));

    [Theory]
    [InlineData("1:2")]
    [InlineData("1:2:3:4")]
    [InlineData("4294967296:0:0")]
    public void Communities_TryParseLarge_RejectsMalformed(string text) => Assert.False(Communities.TryParseLarge(text, out _));
}

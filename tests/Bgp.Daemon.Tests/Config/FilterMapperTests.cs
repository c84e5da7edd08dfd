using System.Collections.Immutable;
using System.Net;
using Bgp.Daemon.Config;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Policy;

namespace Bgp.Daemon.Tests.Config;

public class FilterMapperTests
{
    private const uint LocalAs = 64512;
    private static readonly IPAddress PeerAddress = IPAddress.Parse("192.0.2.2");

    // ---- the fixtures, mapped and run ----

    [Fact]
    public void Build_ExampleYaml_PodCidrsAcceptsPodRoutesOnly()
    {
        var config = Load("example.yaml");
        var catalog = Catalog(config);
        Assert.True(catalog.TryGetFilter("pod-cidrs", out var filter));

        var pod = filter.Evaluate(Route("10.244.1.0/26"));
        Assert.True(pod.Accepted);
        Assert.Equal("pods", pod.DecidingTerm?.Name);
        Assert.False(filter.Evaluate(Route("192.0.2.0/24")).Accepted);
        Assert.False(filter.Evaluate(Route("10.244.1.0/27")).Accepted); // le 26
        Assert.False(filter.Evaluate(Route("10.0.0.0/8")).Accepted);    // shorter than /16
        Assert.Equal("filter pod-cidrs term [1] (reject)", filter.Evaluate(Route("192.0.2.0/24")).DecidedBy);
    }

    [Fact]
    public void PeerPolicy_ExampleYaml_UsesTheNamedFilters()
    {
        var config = Load("example.yaml");
        var policy = FilterMapper.PeerPolicy(config, config.Peers[0], Catalog(config));
        Assert.Same(Filter.AcceptAll, policy.Import);
        Assert.Equal("pod-cidrs", policy.Export.Name);
        Assert.False(policy.ImportDefaulted);
        Assert.False(policy.ExportDefaulted);
        Assert.True(policy.EvaluateExport(Route("10.244.1.0/26")).Accepted);
    }

    [Fact]
    public void Build_FullYaml_FromRrMatchesCommunityAndPathThenEdits()
    {
        var config = Load("full.yaml");
        Assert.True(Catalog(config).TryGetFilter("from-rr", out var filter));
        var attrs = Attrs(path: AsPath.FromSequence(64999, 65010), communities: [WellKnownCommunity.NoExport, 7]);

        var result = filter.Evaluate(Route("203.0.113.0/24", attrs, config.AsNumber));
        Assert.True(result.Accepted);
        Assert.Equal(200u, result.Attributes.LocalPref);
        Assert.Equal(10u, result.Attributes.MultiExitDisc);
        Assert.Equal(new uint[] {7, 65000u << 16 | 1}, result.Attributes.Communities);

        // Both conditions are needed: the community alone, or the AS alone, falls to the default reject.
        Assert.False(filter.Evaluate(Route("203.0.113.0/24", attrs with { AsPath = AsPath.FromSequence(65010) }, config.AsNumber)).Accepted);
        Assert.False(filter.Evaluate(Route("203.0.113.0/24", attrs with { Communities = [7] }, config.AsNumber)).Accepted);
    }

    [Fact]
    public void Build_FullYaml_ToRrPrependsIpv6AndRejectsTheRest()
    {
        var config = Load("full.yaml");
        Assert.True(Catalog(config).TryGetFilter("to-rr", out var filter));

        var v6 = filter.Evaluate(Route("fd00:1::/48", Attrs(path: AsPath.FromSequence(64999)), config.AsNumber));
        Assert.True(v6.Accepted);
        Assert.True(v6.NextHopSelf);
        Assert.Equal(new[] {config.AsNumber, config.AsNumber, 64999u}, v6.Attributes.AsPath!.Segments[0].Asns);

        // The IPv4 range of term "pods" can never hold with family ipv6: as written, v4 falls to the reject term.
        var v4 = filter.Evaluate(Route("10.244.1.0/24", Attrs(), config.AsNumber));
        Assert.False(v4.Accepted);
        Assert.Equal("filter to-rr term [1] (reject)", v4.DecidedBy);
        Assert.False(filter.Evaluate(Route("fd00:1::/80", Attrs(), config.AsNumber)).Accepted); // le 64
    }

    [Fact]
    public void PeerPolicy_FullYaml_EbgpPeerWithoutFiltersGetsRejectAll()
    {
        var config = Load("full.yaml");
        var catalog = Catalog(config);
        var ibgp = FilterMapper.PeerPolicy(config, config.Peers[0], catalog);
        Assert.Equal(("from-rr", "to-rr"), (ibgp.Import.Name, ibgp.Export.Name));
        // The loader wrote the RFC 8212 default into the peer; the mapper resolves it by name.
        var ebgp = FilterMapper.PeerPolicy(config, config.Peers[1], catalog);
        Assert.Same(Filter.RejectAll, ebgp.Import);
        Assert.Same(Filter.RejectAll, ebgp.Export);
    }

    [Theory]
    [InlineData(64513u, "reject-all")]
    [InlineData(LocalAs, "accept-all")]
    public void PeerPolicy_FiltersLeftOut_Rfc8212Default(uint peerAs, string expected)
    {
        var config = ConfigText.Valid(ConfigText.Minimal);
        var peer = new NeighborConfig { Address = PeerAddress, AsNumber = peerAs, ImportFilter = "", ExportFilter = "" };
        var policy = FilterMapper.PeerPolicy(config, peer, Catalog(config));
        Assert.Equal(expected, policy.Import.Name);
        Assert.Equal(expected, policy.Export.Name);
        Assert.True(policy.ImportDefaulted);
        Assert.True(policy.ExportDefaulted);
    }

    [Fact]
    public void PeerPolicy_DefaultsWithoutEbgpPolicy_AcceptAll()
    {
        var config = ConfigText.Valid(ConfigText.Minimal);
        var peer = new NeighborConfig { Address = PeerAddress, AsNumber = 64513, ImportFilter = "", ExportFilter = "" };
        var policy = FilterMapper.PeerPolicy(config, peer, Catalog(config), new PolicyDefaults { EbgpRequiresPolicy = false });
        Assert.Same(Filter.AcceptAll, policy.Import);
    }

    [Fact]
    public void PeerPolicy_NameNotInCatalog_Throws()
    {
        var config = ConfigText.Valid(ConfigText.Minimal);
        var peer = new NeighborConfig { Address = PeerAddress, AsNumber = 64513, ImportFilter = "nope" };
        Assert.Throws<InvalidOperationException>(() => FilterMapper.PeerPolicy(config, peer, Catalog(config)));
    }

    // ---- one test per match kind ----

    [Fact]
    public void Build_OnePrefix_PrefixMatchWithTheRange()
    {
        var term = SingleTerm("match: { prefixes: [\"10.0.0.0/8 ge 16 le 24\"] }");
        var m = Assert.IsType<PrefixMatch>(Assert.Single(term.Matches));
        Assert.Equal(new PrefixRange(Prefix.Parse("10.0.0.0/8"), 16, 24), m.Range);
    }

    [Fact]
    public void Build_SeveralPrefixes_PrefixListMatchingAnyEntry()
    {
        var filter = SingleFilter("- match: { prefixes: [\"10.0.0.0/8 le 16\", \"2001:db8::/32 ge 48\"] }\n      result: accept");
        Assert.IsType<PrefixListMatch>(Assert.Single(filter.Terms[0].Matches));
        Assert.True(filter.Evaluate(Route("10.1.0.0/16")).Accepted);
        Assert.True(filter.Evaluate(Route("2001:db8:1::/48")).Accepted);
        Assert.False(filter.Evaluate(Route("10.1.1.0/24")).Accepted);
        Assert.False(filter.Evaluate(Route("2001:db8::/32")).Accepted);
    }

    [Fact]
    public void Build_Family_FamilyMatch()
    {
        var term = SingleTerm("match: { family: ipv6 }");
        Assert.Equal(new FamilyMatch(Afi.Ipv6), Assert.Single(term.Matches));
    }

    [Fact]
    public void Build_Communities_CommunityMatchAny()
    {
        var term = SingleTerm("match: { communities: [\"64512:100\", no-export, blackhole] }");
        var m = Assert.IsType<CommunityMatch>(Assert.Single(term.Matches));
        Assert.Equal(MatchMode.Any, m.Mode);
        Assert.Equal(new[] {64512u << 16 | 100, WellKnownCommunity.NoExport, Communities.Blackhole}, m.Values);
    }

    [Fact]
    public void Build_OneAsPathAs_AsPathContainsMatch()
    {
        var term = SingleTerm("match: { asPathContains: [65010] }");
        Assert.Equal(new AsPathContainsMatch(65010), Assert.Single(term.Matches));
    }

    [Fact]
    public void Build_SeveralAsPathAses_MatchesAnyOfThemAnywhere()
    {
        var filter = SingleFilter("- match: { asPathContains: [65010, 4200000000] }\n      result: accept");
        Assert.IsType<AsPathRegexMatch>(Assert.Single(filter.Terms[0].Matches));
        Assert.True(filter.Evaluate(Route("192.0.2.0/24", Attrs(path: AsPath.FromSequence(1, 65010, 2)))).Accepted);
        Assert.True(filter.Evaluate(Route("192.0.2.0/24", Attrs(path: AsPath.FromSequence(4200000000)))).Accepted);
        var inSet = new AsPath([new AsPathSegment(AsPathSegmentType.AsSequence, [1]), new AsPathSegment(AsPathSegmentType.AsSet, [3, 65010])]);
        Assert.True(filter.Evaluate(Route("192.0.2.0/24", Attrs(path: inSet))).Accepted);
        Assert.False(filter.Evaluate(Route("192.0.2.0/24", Attrs(path: AsPath.FromSequence(1, 65011)))).Accepted);
        Assert.False(filter.Evaluate(Route("192.0.2.0/24", Attrs())).Accepted);
    }

    [Fact]
    public void Build_EveryConditionOfATerm_AllMustHold()
    {
        var filter = SingleFilter("- match: { prefixes: [\"10.0.0.0/8 le 32\"], communities: [\"1:1\"] }\n      result: accept");
        Assert.Equal(2, filter.Terms[0].Matches.Length);
        Assert.True(filter.Evaluate(Route("10.1.0.0/16", Attrs(communities: [1u << 16 | 1]))).Accepted);
        Assert.False(filter.Evaluate(Route("10.1.0.0/16", Attrs())).Accepted);
        Assert.False(filter.Evaluate(Route("192.0.2.0/24", Attrs(communities: [1u << 16 | 1]))).Accepted);
    }

    // ---- one test per action kind and result ----

    [Fact]
    public void Build_LocalPref_SetLocalPrefAction() =>
        Assert.Equal(new SetLocalPrefAction(300), Assert.Single(SingleTerm("actions: { localPref: 300 }").Actions));

    [Fact]
    public void Build_Med_SetMedAction() =>
        Assert.Equal(new SetMedAction(0), Assert.Single(SingleTerm("actions: { med: 0 }").Actions));

    [Fact]
    public void Build_AddCommunities_CommunityActionAdd() =>
        Assert.Equal(new CommunityAction(CommunityEdit.Add, [65000u << 16 | 1, WellKnownCommunity.NoExport]),
            Assert.Single(SingleTerm("actions: { addCommunities: [\"65000:1\", no-export] }").Actions));

    [Fact]
    public void Build_RemoveCommunities_CommunityActionRemove() =>
        Assert.Equal(new CommunityAction(CommunityEdit.Remove, [WellKnownCommunity.NoAdvertise]),
            Assert.Single(SingleTerm("actions: { removeCommunities: [no-advertise] }").Actions));

    [Fact]
    public void Build_PrependAs_PrependsOurAs()
    {
        var action = Assert.IsType<AsPathPrependAction>(Assert.Single(SingleTerm("actions: { prependAs: 3 }").Actions));
        Assert.Equal(3, action.Count);
        Assert.Null(action.Asn);
        Assert.Empty(SingleTerm("actions: { prependAs: 0 }").Actions);
    }

    [Fact]
    public void Build_NextHopSelf_SetNextHopSelf() =>
        Assert.Same(SetNextHopAction.Self, Assert.Single(SingleTerm("actions: { nextHop: self }").Actions));

    [Fact]
    public void Build_NextHopAddress_SetNextHopAction()
    {
        var action = Assert.IsType<SetNextHopAction>(Assert.Single(SingleTerm("actions: { nextHop: 2001:db8::9 }").Actions));
        Assert.Equal(IPAddress.Parse("2001:db8::9"), action.Address);
    }

    [Theory]
    [InlineData("next", null)]
    [InlineData("accept", PolicyVerdict.Accept)]
    [InlineData("reject", PolicyVerdict.Reject)]
    public void Build_Result_FinalActionLast(string result, PolicyVerdict? verdict)
    {
        var term = SingleTerm($"actions: {{ med: 5 }}\n      result: {result}");
        Assert.Equal(verdict, term.Verdict);
        Assert.Equal(verdict is null ? 1 : 2, term.Actions.Length);
        Assert.IsType<SetMedAction>(term.Actions[0]);
    }

    [Fact]
    public void Build_AllActions_AppliedInDocumentedOrderThenFallThrough()
    {
        var filter = SingleFilter(
            "- actions: { localPref: 50, med: 7, addCommunities: [\"1:2\"], removeCommunities: [\"1:1\"], prependAs: 1, nextHop: 192.0.2.77 }\n" +
            "    - match: { communities: [\"1:2\"] }\n      result: accept");
        var result = filter.Evaluate(Route("198.51.100.0/24", Attrs(path: AsPath.FromSequence(64513), communities: [1u << 16 | 1])));
        Assert.True(result.Accepted); // the second term sees the community the first added
        Assert.Equal(50u, result.Attributes.LocalPref);
        Assert.Equal(7u, result.Attributes.MultiExitDisc);
        Assert.Equal(new[] {1u << 16 | 2}, result.Attributes.Communities);
        Assert.Equal(new[] {LocalAs, 64513u}, result.Attributes.AsPath!.Segments[0].Asns);
        Assert.Equal(IPAddress.Parse("192.0.2.77"), result.Attributes.NextHop);
        Assert.Equal(1, result.TermIndex);
    }

    [Fact]
    public void Build_FallOffTheEnd_Rejects()
    {
        var filter = SingleFilter("- actions: { localPref: 50 }");
        Assert.Equal(PolicyVerdict.Reject, filter.Default);
        Assert.False(filter.Evaluate(Route("198.51.100.0/24")).Accepted);
    }

    [Fact]
    public void Build_NamedAndUnnamedTerms_NamesFromConfigOrPosition()
    {
        var filter = SingleFilter("- name: first\n    - result: accept");
        Assert.Equal(["first", "[1]"], filter.Terms.Select(t => t.Name));
    }

    [Fact]
    public void Build_NoFilters_CatalogHasOnlyBuiltIns()
    {
        var catalog = Catalog(ConfigText.Valid(ConfigText.Minimal));
        Assert.Equal(2, catalog.Filters.Count);
        Assert.True(catalog.TryGetFilter("reject-all", out _));
    }

    // ---- errors, with key paths ----

    [Fact]
    public void Build_BadPrefixRange_ErrorNamesTheEntry()
    {
        var config = WithFilter("f", new FilterTermConfig
        {
            Match = new FilterMatchConfig
            {
                Prefixes = [new PrefixMatchConfig(Prefix.Parse("10.0.0.0/8"), 8, 8), new PrefixMatchConfig(Prefix.Parse("10.0.0.0/16"), 8, 24)],
            },
        });
        var error = Assert.Single(Errors(config));
        Assert.Equal("filters.f[0].match.prefixes[1]", error.Path);
        Assert.Contains("16 <= ge <= le <= 32", error.Message);
    }

    [Fact]
    public void Build_NonUnicastFamily_Error()
    {
        var config = WithFilter("f", new FilterTermConfig { Match = new FilterMatchConfig { Family = new AfiSafi(Afi.Ipv4, Safi.Multicast) } });
        Assert.Equal("filters.f[0].match.family", Assert.Single(Errors(config)).Path);
    }

    [Fact]
    public void Build_PrependAsOutOfRange_Error()
    {
        var config = WithFilter("f", new FilterTermConfig { Actions = new FilterActionsConfig { PrependAs = 33 } });
        var error = Assert.Single(Errors(config));
        Assert.Equal("filters.f[0].actions.prependAs", error.Path);
        Assert.Contains("33", error.Message);
    }

    [Fact]
    public void Build_NextHopSelfAndAddress_Error()
    {
        var config = WithFilter("f", new FilterTermConfig { Actions = new FilterActionsConfig { NextHopSelf = true, NextHop = IPAddress.Parse("192.0.2.9") } });
        Assert.Equal("filters.f[0].actions.nextHop", Assert.Single(Errors(config)).Path);
    }

    [Fact]
    public void Build_UnknownResult_Error()
    {
        var config = WithFilter("f", new FilterTermConfig { Result = (FilterResult)7 });
        Assert.Equal("filters.f[0].result", Assert.Single(Errors(config)).Path);
    }

    [Fact]
    public void Build_AddAndRemoveSameCommunity_Error()
    {
        var error = Assert.Single(ErrorsOf(Filters("- actions: { addCommunities: [\"1:1\", no-export], removeCommunities: [no-export] }")));
        Assert.Equal("test.yaml: filters.f[0].actions.addCommunities: no-export is also in removeCommunities; a term either adds or removes a community", error.ToString());
    }

    [Fact]
    public void Build_Ipv4NextHopForIpv6Family_Error()
    {
        var error = Assert.Single(ErrorsOf(Filters("- match: { family: ipv6 }\n      actions: { nextHop: 192.0.2.1 }")));
        Assert.Equal("filters.f[0].actions.nextHop", error.Path);
    }

    [Fact]
    public void Build_ImportFilterPrepends_ErrorAtThePeer()
    {
        var config = ConfigText.Valid(ConfigText.Minimal +
            "peers:\n  - { peerIP: 192.0.2.2, asNumber: 64513, importFilter: f, exportFilter: f }\n" +
            "filters:\n  f:\n    - actions: { prependAs: 2 }\n      result: accept\n");
        var error = Assert.Single(ErrorsOf(config));
        Assert.Equal("peers[0].importFilter", error.Path);
        Assert.Contains("filters.f[0].actions.prependAs", error.Message);
    }

    [Fact]
    public void Build_PeerNamesUnknownFilter_Error()
    {
        var config = ConfigText.Valid(ConfigText.Minimal) with
        {
            Peers = [new NeighborConfig { Address = PeerAddress, AsNumber = 64513, ExportFilter = "missing" }],
        };
        Assert.Equal("peers[0].exportFilter", Assert.Single(Errors(config)).Path);
    }

    [Fact]
    public void Build_SeveralBadFilters_EveryErrorNoCatalog()
    {
        var config = ConfigText.Valid(ConfigText.Minimal) with
        {
            Filters = ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, ImmutableArray<FilterTermConfig>>
            {
                ["b"] = [new FilterTermConfig { Actions = new FilterActionsConfig { PrependAs = -1 } }],
                ["a"] = [new FilterTermConfig(), new FilterTermConfig { Result = (FilterResult)9 }],
                ["ok"] = [new FilterTermConfig { Result = FilterResult.Accept }],
            }),
        };
        var result = FilterMapper.Build(config);
        Assert.False(result.Success);
        Assert.Null(result.Catalog);
        Assert.Equal(["filters.a[1].result", "filters.b[0].actions.prependAs"], result.Errors.Select(e => e.Path));
        Assert.All(result.Errors, e => Assert.Equal(FilterMapper.DefaultFileName, e.File));
    }

    // ---- helpers ----

    private static BgpdConfig Load(string fixture)
    {
        var loaded = ConfigLoader.Load(ConfigText.Fixture(fixture));
        Assert.True(loaded.Success, loaded.FormatErrors());
        return loaded.Config;
    }

    private static FilterCatalog Catalog(BgpdConfig config)
    {
        var result = FilterMapper.Build(config, ConfigText.FileName);
        Assert.True(result.Success, result.FormatErrors());
        return result.Catalog;
    }

    private static ImmutableArray<ConfigError> Errors(BgpdConfig config)
    {
        var result = FilterMapper.Build(config);
        Assert.False(result.Success);
        return result.Errors;
    }

    private static ImmutableArray<ConfigError> ErrorsOf(BgpdConfig config)
    {
        var result = FilterMapper.Build(config, ConfigText.FileName);
        Assert.False(result.Success);
        return result.Errors;
    }

    /// <summary>The minimal config with filter "f" made of <paramref name="terms"/> (YAML list items at 4 spaces).</summary>
    private static BgpdConfig Filters(string terms) => ConfigText.Valid(ConfigText.Minimal + "filters:\n  f:\n    " + terms + "\n");

    private static Filter SingleFilter(string terms)
    {
        Assert.True(Catalog(Filters(terms)).TryGetFilter("f", out var filter));
        return filter;
    }

    private static PolicyTerm SingleTerm(string body) => Assert.Single(SingleFilter("- " + body).Terms);

    private static BgpdConfig WithFilter(string name, FilterTermConfig term) =>
        ConfigText.Valid(ConfigText.Minimal) with
        {
            Filters = ImmutableDictionary<string, ImmutableArray<FilterTermConfig>>.Empty.WithComparers(StringComparer.Ordinal).Add(name, [term]),
        };

    private static PathAttributes Attrs(AsPath? path = null, uint[]? communities = null) => new()
    {
        Origin = Origin.Igp,
        AsPath = path ?? AsPath.FromSequence(64513),
        NextHop = PeerAddress,
        Communities = communities is null ? [] : [.. communities],
    };

    private static RouteContext Route(string prefix, PathAttributes? attrs = null, uint localAs = LocalAs) =>
        new(Prefix.Parse(prefix), attrs ?? Attrs(), null, RouteSource.Ebgp(PeerAddress, 64513), localAs);
}

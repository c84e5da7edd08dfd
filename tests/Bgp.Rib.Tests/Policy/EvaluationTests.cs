using Bgp.Protocol;
using Bgp.Rib.Policy;
using static Bgp.Rib.Tests.Policy.PolicyTestKit;

namespace Bgp.Rib.Tests.Policy;

/// <summary>Term order: the first final action decides, modifying terms apply and fall through, the default decides last.</summary>
public sealed class EvaluationTests
{
    private static readonly RouteMatch Customer = new PrefixMatch(PrefixRange.Parse("10.0.0.0/8 le 24"));
    private static readonly RouteMatch NoExport = new CommunityMatch([Communities.Parse("no-export")]);

    [Theory]
    [InlineData("10.1.0.0/16", "", true, "customers")]
    [InlineData("10.1.0.0/16", "no-export", false, "no-export")]
    [InlineData("192.168.0.0/16", "", false, null)]
    [InlineData("10.1.2.128/25", "", false, null)]
    public void Evaluate_FirstMatchingFinalTerm_Decides(string prefix, string communities, bool accepted, string? term)
    {
        var filter = FilterOf("import", PolicyVerdict.Reject,
            Term("no-export", [NoExport], RouteAction.Reject),
            Term("customers", [Customer], RouteAction.Accept),
            Term("never-reached-for-customers", [Customer], RouteAction.Reject));
        var result = PolicyEvaluator.Evaluate(filter, Route(prefix, Attrs(communities: communities)));
        Assert.Equal(accepted, result.Accepted);
        Assert.Equal(term, result.DecidingTerm?.Name);
        Assert.Equal(term is null ? -1 : filter.Terms.IndexOf(result.DecidingTerm!), result.TermIndex);
    }

    [Fact]
    public void Evaluate_ModifyingTerm_AppliesAndFallsThroughToLaterTerm()
    {
        var filter = FilterOf("import", PolicyVerdict.Reject,
            Term("prefer", [Customer], new SetLocalPrefAction(200)),
            Term("tag", [], new CommunityAction(CommunityEdit.Add, [Communities.Parse("65000:1")])),
            Term("accept", [Customer], RouteAction.Accept));
        var result = PolicyEvaluator.Evaluate(filter, Route("10.1.0.0/16"));
        Assert.True(result.Accepted);
        Assert.Equal("accept", result.DecidingTerm!.Name);
        Assert.Equal(200u, result.Attributes.LocalPref);
        Assert.Equal([Communities.Parse("65000:1")], result.Attributes.Communities.ToArray());
    }

    [Fact]
    public void Evaluate_LaterTerm_SeesEarlierTermsChanges()
    {
        var filter = FilterOf("import", PolicyVerdict.Reject,
            Term("tag", [Customer], new CommunityAction(CommunityEdit.Add, [Communities.Parse("no-export")])),
            Term("drop-tagged", [NoExport], RouteAction.Reject),
            Term("rest", [], RouteAction.Accept));
        Assert.Equal("drop-tagged", PolicyEvaluator.Evaluate(filter, Route("10.1.0.0/16")).DecidingTerm!.Name);
        Assert.Equal("rest", PolicyEvaluator.Evaluate(filter, Route("192.168.0.0/16")).DecidingTerm!.Name);
    }

    [Theory]
    [InlineData(PolicyVerdict.Reject)]
    [InlineData(PolicyVerdict.Accept)]
    public void Evaluate_OnlyModifyingTermsMatch_DefaultDecidesWithChanges(PolicyVerdict defaultVerdict)
    {
        var filter = FilterOf("f", defaultVerdict, Term("prefer", [], new SetLocalPrefAction(50)));
        var result = PolicyEvaluator.Evaluate(filter, Route("10.1.0.0/16"));
        Assert.Equal(defaultVerdict, result.Verdict);
        Assert.Equal(-1, result.TermIndex);
        Assert.Null(result.DecidingTerm);
        Assert.Equal(50u, result.Attributes.LocalPref);
        Assert.Contains("default", result.DecidedBy, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_TermWithSeveralConditions_NeedsAllOfThem()
    {
        var filter = FilterOf("f", PolicyVerdict.Reject,
            Term("both", [Customer, new FamilyMatch(Afi.Ipv4), new NeighborAsMatch(65001)], RouteAction.Accept));
        Assert.True(PolicyEvaluator.Evaluate(filter, Route("10.1.0.0/16")).Accepted);
        Assert.False(PolicyEvaluator.Evaluate(filter, Route("10.1.0.0/16", Attrs("65002 65100"))).Accepted);
    }

    [Fact]
    public void Evaluate_RejectedAfterModifier_ReportsRejectedAndChangedAttributes()
    {
        var filter = FilterOf("f", PolicyVerdict.Accept, Term("t", [], new SetMedAction(5), RouteAction.Reject));
        var result = PolicyEvaluator.Evaluate(filter, Route("10.1.0.0/16"));
        Assert.False(result.Accepted);
        Assert.Equal(5u, result.Attributes.MultiExitDisc);
        Assert.Equal("filter f term t (reject)", result.DecidedBy);
    }

    [Fact]
    public void PolicyTerm_ActionAfterFinal_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new PolicyTerm("bad", [], [RouteAction.Accept, new SetMedAction(1)]));
        Assert.Contains("last action", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MatchingTermChangesNothing_AllocatesNothing()
    {
        var filter = FilterOf("f", PolicyVerdict.Reject,
            Term("lp", [Customer], new SetLocalPrefAction(100)),
            Term("nh", [new NextHopMatch(Prefix.Parse("192.0.2.0/24")), new PeerAddressMatch(Prefix.Parse("192.0.2.0/24"))]),
            Term("path", [new AsPathRegexMatch(AsPathPattern.Parse("^65001 .* 65100$")), new NotMatch(NoExport)],
                new CommunityAction(CommunityEdit.Remove, [Communities.Parse("65000:9")]), RouteAction.Accept));
        var route = Route("10.1.0.0/16", Attrs(localPref: 100));
        var result = PolicyEvaluator.Evaluate(filter, route);
        Assert.True(result.Accepted);
        Assert.Same(route.Attributes, result.Attributes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) result = PolicyEvaluator.Evaluate(filter, route);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal("path", result.DecidingTerm!.Name);
    }
}

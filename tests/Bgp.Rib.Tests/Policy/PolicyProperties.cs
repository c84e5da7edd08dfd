using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Policy;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bgp.Rib.Tests.Policy;

/// <summary>Properties of evaluation over generated routes and filters.</summary>
public sealed class PolicyProperties
{
    [Property(MaxTest = 300)]
    public Property AcceptAll_AnyRoute_AcceptedWithSameInstances() =>
        Prop.ForAll(PolicyGen.Route.ToArbitrary(), route =>
        {
            var result = PolicyEvaluator.Evaluate(Filter.AcceptAll, route);
            Assert.True(result.Accepted);
            Assert.Same(route.Attributes, result.Attributes);
            Assert.Same(route.NextHop, result.NextHop);
            Assert.False(result.Modified);
            Assert.False(result.NextHopSelf);
        });

    [Property(MaxTest = 300)]
    public Property RejectAll_AnyRoute_Rejected() =>
        Prop.ForAll(PolicyGen.Route.ToArbitrary(), route =>
        {
            var result = PolicyEvaluator.Evaluate(Filter.RejectAll, route);
            Assert.False(result.Accepted);
            Assert.Equal(-1, result.TermIndex);
        });

    /// <summary>
    /// Every term carries a condition on the family the route is not in, so none can match: the filter's
    /// default decides and nothing is changed, whatever actions the terms hold.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property Filter_OnlyNonMatchingTerms_GivesDefaultUnchanged() =>
        Prop.ForAll((
            from route in PolicyGen.Route
            from terms in BgpGen_ArrayOfTerms(route.Family == Afi.Ipv4 ? Afi.Ipv6 : Afi.Ipv4)
            from verdict in Gen.Elements(PolicyVerdict.Accept, PolicyVerdict.Reject)
            select (route, filter: new Filter("f", [.. terms], verdict))).ToArbitrary(), c =>
        {
            var result = PolicyEvaluator.Evaluate(c.filter, c.route);
            Assert.Equal(c.filter.Default, result.Verdict);
            Assert.Equal(-1, result.TermIndex);
            Assert.Same(c.route.Attributes, result.Attributes);
            Assert.False(result.Modified);
        });

    private static Gen<PolicyTerm[]> BgpGen_ArrayOfTerms(Afi otherFamily) =>
        Testing.Arbitraries.BgpGen.ArrayOf(
            PolicyGen.Term(PolicyGen.Match).Select(t =>
                new PolicyTerm(t.Name, t.Matches.Insert(0, new FamilyMatch(otherFamily)), t.Actions)),
            1, 5);

    [Property(MaxTest = 400)]
    public Property Evaluate_AnyFilter_DeterministicAndInputUnchanged() =>
        Prop.ForAll((from route in PolicyGen.Route from filter in PolicyGen.Filter select (route, filter)).ToArbitrary(), c =>
        {
            var snapshot = c.route.Attributes with { };
            int hash = snapshot.GetHashCode();
            var first = PolicyEvaluator.Evaluate(c.filter, c.route);
            var second = PolicyEvaluator.Evaluate(c.filter, c.route);
            Assert.Equal(first.Verdict, second.Verdict);
            Assert.Equal(first.TermIndex, second.TermIndex);
            Assert.Equal(first.Attributes, second.Attributes);
            Assert.Equal(first.NextHop, second.NextHop);
            Assert.Equal(first.NextHopSelf, second.NextHopSelf);
            Assert.Equal(first.Modified, second.Modified);
            Assert.Equal(snapshot, c.route.Attributes);
            Assert.Equal(hash, c.route.Attributes.GetHashCode());
            // Unchanged values come back as the very same instance; changed ones as a different one.
            Assert.Equal(first.Attributes.Equals(c.route.Attributes), ReferenceEquals(first.Attributes, c.route.Attributes));
            // The verdict is a term's final action or, with no deciding term, the default.
            Assert.Equal(first.DecidingTerm?.Verdict ?? c.filter.Default, first.Verdict);
        });

    /// <summary>The deciding term is the first whose conditions match the route as the terms before it left it.</summary>
    [Property(MaxTest = 300)]
    public Property Evaluate_AnyFilter_NoEarlierFinalTermMatched() =>
        Prop.ForAll((from route in PolicyGen.Route from filter in PolicyGen.Filter select (route, filter)).ToArbitrary(), c =>
        {
            var result = PolicyEvaluator.Evaluate(c.filter, c.route);
            int end = result.TermIndex < 0 ? c.filter.Terms.Length : result.TermIndex;
            var current = c.route;
            for (int i = 0; i < end; i++)
            {
                var term = c.filter.Terms[i];
                if (!term.MatchesRoute(current)) continue;
                Assert.Null(term.Verdict);
                // Replay the modifiers through a one-term filter to follow the route's changes.
                var step = PolicyEvaluator.Evaluate(new Filter("step", [new PolicyTerm("m", [], term.Actions)], PolicyVerdict.Accept), current);
                current = current with { Attributes = step.Attributes, NextHop = step.NextHop };
            }
            if (result.TermIndex >= 0) Assert.True(c.filter.Terms[result.TermIndex].MatchesRoute(current));
        });

    [Property(MaxTest = 300)]
    public Property PrefixList_AnyRanges_SameAsLinearScan() =>
        Prop.ForAll((
            from ranges in Testing.Arbitraries.BgpGen.ArrayOf(PolicyGen.Range, 0, 40)
            from probes in Testing.Arbitraries.BgpGen.ArrayOf(PolicyGen.PrefixNear, 1, 20)
            select (ranges, probes)).ToArbitrary(), c =>
        {
            var list = new PrefixList("l", c.ranges);
            // Probe the ranges' own prefixes and lengths too, so that hits are common.
            var probes = c.probes.Concat(c.ranges.Select(r => r.Prefix)).Concat(c.ranges.Select(r => PolicyGen.Inside(r.Prefix, r.MaxLength, 0x5555_5555_5555_5555)));
            foreach (var p in probes)
                Assert.Equal(c.ranges.Any(r => r.Contains(p)), list.Contains(p));
        });

    /// <summary>Adding or removing the same communities a second time changes nothing, and returns the same instance.</summary>
    [Property(MaxTest = 200)]
    public Property CommunityAddOrRemove_Twice_SecondChangesNothing() =>
        Prop.ForAll((
            from route in PolicyGen.Route
            from edit in Gen.Elements(CommunityEdit.Add, CommunityEdit.Remove)
            from values in Testing.Arbitraries.BgpGen.ImmutableOf(Gen.Elements(0xFDE80001u, 0xFDE80002u, WellKnownCommunity.NoExport), 0, 3)
            from large in Testing.Arbitraries.BgpGen.ImmutableOf(Gen.Elements(new LargeCommunity(65000, 1, 1), new LargeCommunity(65000, 1, 2)), 0, 2)
            select (route, edit, values, large)).ToArbitrary(), c =>
        {
            var once = new Filter("once", [new PolicyTerm("t", [], [new CommunityAction(c.edit, c.values), new LargeCommunityAction(c.edit, c.large)])], PolicyVerdict.Accept);
            var first = PolicyEvaluator.Evaluate(once, c.route);
            var second = PolicyEvaluator.Evaluate(once, c.route with { Attributes = first.Attributes });
            Assert.Same(first.Attributes, second.Attributes);
            foreach (uint v in c.values) Assert.Equal(c.edit == CommunityEdit.Add, first.Attributes.Communities.Contains(v));
            foreach (var v in c.large) Assert.Equal(c.edit == CommunityEdit.Add, first.Attributes.LargeCommunities.Contains(v));
        });
}

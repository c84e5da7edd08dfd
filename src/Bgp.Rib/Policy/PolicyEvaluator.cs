using Bgp.Protocol.Attributes;

namespace Bgp.Rib.Policy;

/// <summary>
/// Runs a <see cref="Filter"/> over a route. Pure: no state, no clock, no I/O; the same input gives the same
/// result, and the input is never changed (attribute sets are immutable; actions make new ones).
/// Hot path (every route of every UPDATE goes through an import filter, every best-path change through
/// each peer's export filter): no LINQ, no lambdas, and nothing allocated unless an action changes a value.
/// </summary>
public static class PolicyEvaluator
{
    /// <summary>
    /// Tries the terms in order. A term matches when all its conditions match the route as the earlier
    /// terms' actions left it; its actions then apply in order, and a final action decides. When no term
    /// decides, the filter's default does, with whatever the modifying terms changed.
    /// </summary>
    public static PolicyResult Evaluate(Filter filter, in RouteContext route)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var terms = filter.Terms;
        if (terms.Length == 0)
            return new PolicyResult(filter, filter.Default, -1, route.Attributes, route.NextHop, false, false);

        var edit = new RouteEdit
        {
            Attributes = route.Attributes,
            NextHop = route.NextHop,
            LocalAs = route.LocalAs,
            Family = route.Family,
        };
        // The context later terms match against; rebuilt (on the stack) only after an action changed the route.
        var current = route;
        for (int t = 0; t < terms.Length; t++)
        {
            var term = terms[t];
            if (!term.MatchesRoute(current)) continue;
            var actions = term.Actions;
            for (int a = 0; a < actions.Length; a++)
            {
                var action = actions[a];
                if (action.IsFinal)
                    return Finish(filter, action.FinalVerdict, t, route, ref edit);
                action.Apply(ref edit);
            }
            if (!ReferenceEquals(edit.Attributes, current.Attributes) || !Equals(edit.NextHop, current.NextHop))
                current = current with { Attributes = edit.Attributes, NextHop = edit.NextHop };
        }
        return Finish(filter, filter.Default, -1, route, ref edit);
    }

    private static PolicyResult Finish(Filter filter, PolicyVerdict verdict, int termIndex, in RouteContext route, ref RouteEdit edit)
    {
        PathAttributes attributes = edit.Attributes;
        // Actions that cancel out (add a community, remove it again) give back the caller's instance, so that
        // the RIB's interner and the export stage's grouping see "unchanged" by reference.
        bool attributesChanged = !ReferenceEquals(attributes, route.Attributes) && !attributes.Equals(route.Attributes);
        if (!attributesChanged) attributes = route.Attributes;
        bool nextHopChanged = !Equals(edit.NextHop, route.NextHop);
        var nextHop = nextHopChanged ? edit.NextHop : route.NextHop;
        return new PolicyResult(filter, verdict, termIndex, attributes, nextHop, edit.NextHopSelf, attributesChanged || nextHopChanged || edit.NextHopSelf);
    }
}

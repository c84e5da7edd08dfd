using Bgp.Testing.Rib;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bgp.Rib.Tests;

/// <summary>
/// The explanation checked against the RFC's wording rather than the implementation: a path said to lose
/// at a step ties with the best path on every earlier step and is worse at that step; a path said to lose
/// on MED has, among the routes still in the running, one from its own neighbour AS with a lower MED.
/// </summary>
public sealed class ExplainProperties
{
    private static readonly DecisionStep[] Steps =
    [
        DecisionStep.LocalPref, DecisionStep.AsPathLength, DecisionStep.Origin, DecisionStep.Med,
        DecisionStep.ExternalOverInternal, DecisionStep.IgpCost, DecisionStep.RouterId,
        DecisionStep.ClusterListLength, DecisionStep.PeerAddress, DecisionStep.PathId, DecisionStep.PeerId,
    ];

    private static readonly Gen<(RibScenario Scenario, DecisionOptions Options)> Cases =
        from s in RibGen.Scenario
        from alwaysCompare in Gen.Elements(false, true)
        from missingWorst in Gen.Elements(false, true)
        from maxPaths in Gen.Choose(1, 3)
        from relax in Gen.Elements(false, true)
        select (s, new DecisionOptions { AlwaysCompareMed = alwaysCompare, MissingMedAsWorst = missingWorst, MaxPaths = maxPaths, MultipathRelax = relax });

    [Property(MaxTest = 400)]
    public Property Explain_AnyScenario_EachLoserLostAtTheStepTheRfcNames() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var rib = RibTestKit.RibFor(c.Scenario, c.Options);
            foreach (var op in c.Scenario.FinalRoutes()) rib.Apply(op);
            foreach (var prefix in c.Scenario.Prefixes())
            {
                var e = rib.Explain(prefix);
                if (e is null) continue;
                var eligible = e.Paths.Where(p => p.NextHop.Reachable).ToList();
                if (e.Best is not { } best)
                {
                    Assert.Empty(eligible);
                    continue;
                }
                foreach (var loser in e.Paths.Where(p => !p.IsBest))
                {
                    if (!loser.NextHop.Reachable)
                    {
                        Assert.Equal(DecisionStep.NextHopUnreachable, loser.LostAt);
                        continue;
                    }
                    var step = loser.LostAt;
                    Assert.True(TiesBefore(rib, c.Options, step, loser, best), $"{loser} does not tie with {best} before {step}");
                    if (step == DecisionStep.Med)
                    {
                        // Removed by a route from its own AS still in the running (tied through ORIGIN) with a lower MED.
                        Assert.Contains(eligible, m =>
                            (c.Options.AlwaysCompareMed || m.Path.Attributes.NeighbourAs == loser.Path.Attributes.NeighbourAs)
                            && TiesBefore(rib, c.Options, DecisionStep.Med, m, best)
                            && Compare(rib, c.Options, DecisionStep.Med, m, loser) < 0);
                    }
                    else Assert.True(Compare(rib, c.Options, step, best, loser) < 0, $"{best} not better than {loser} at {step}");
                }
                int members = e.Paths.Count(p => p.InMultipath);
                int candidates = eligible.Count(p => p.IsBest || (p.LostAt > DecisionStep.IgpCost
                    && (c.Options.MultipathRelax || p.Path.Attributes.NeighbourAs == best.Path.Attributes.NeighbourAs)));
                Assert.Equal(Math.Min(c.Options.MaxPaths, candidates), members);
            }
        });

    /// <summary>Equal on every step before <paramref name="step"/>; MED only where comparable, and never for the MED step's own group test.</summary>
    private static bool TiesBefore(Rib rib, DecisionOptions o, DecisionStep step, PathExplanation a, PathExplanation b)
    {
        foreach (var s in Steps)
        {
            if (s == step) return true;
            if (s == DecisionStep.Med && !o.AlwaysCompareMed && a.Path.Attributes.NeighbourAs != b.Path.Attributes.NeighbourAs) continue;
            if (Compare(rib, o, s, a, b) != 0) return false;
        }
        return true;
    }

    /// <summary>One criterion as RFC 4271 9.1 / RFC 4456 9 state it; negative when <paramref name="a"/> is preferred.</summary>
    private static int Compare(Rib rib, DecisionOptions o, DecisionStep step, PathExplanation a, PathExplanation b)
    {
        var x = a.Path.Attributes;
        var y = b.Path.Attributes;
        var px = rib.Peers[a.Path.PeerId];
        var py = rib.Peers[b.Path.PeerId];
        uint Med(RouteAttributes r) => r.Med ?? (o.MissingMedAsWorst ? uint.MaxValue : 0);
        return step switch
        {
            DecisionStep.LocalPref => (y.LocalPref ?? o.DefaultLocalPref).CompareTo(x.LocalPref ?? o.DefaultLocalPref),
            DecisionStep.AsPathLength => x.AsPathLength.CompareTo(y.AsPathLength),
            DecisionStep.Origin => x.Origin.CompareTo(y.Origin),
            DecisionStep.Med => Med(x).CompareTo(Med(y)),
            DecisionStep.ExternalOverInternal => px.IsInternal.CompareTo(py.IsInternal),
            DecisionStep.IgpCost => a.NextHop.IgpCost.CompareTo(b.NextHop.IgpCost),
            DecisionStep.RouterId => (x.OriginatorId ?? px.BgpId).CompareTo(y.OriginatorId ?? py.BgpId),
            DecisionStep.ClusterListLength => x.ClusterListLength.CompareTo(y.ClusterListLength),
            DecisionStep.PeerAddress => RibPeer.CompareAddress(px, py),
            DecisionStep.PathId => a.Path.PathId.CompareTo(b.Path.PathId),
            DecisionStep.PeerId => px.Id.CompareTo(py.Id),
            _ => throw new ArgumentOutOfRangeException(nameof(step)),
        };
    }
}

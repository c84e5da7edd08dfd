using Bgp.Protocol;
using Bgp.Testing.Rib;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bgp.Rib.Tests;

/// <summary>
/// The best path, the multipath set and every candidate's explanation depend only on the routes present,
/// never on the order they arrived in, nor on announcements and withdrawals that came and went before.
/// Checked against the routes inserted fresh in their final form. RFC 5004 (oldest path) is left off: it
/// depends on arrival order by design. Also checks, at every step, that each reported change matches what
/// the tables show, and that the interner holds exactly the live attribute sets.
/// </summary>
public sealed class OrderIndependenceProperties
{
    private static readonly Gen<DecisionOptions> Options =
        from alwaysCompare in Gen.Elements(false, true)
        from missingWorst in Gen.Elements(false, true)
        from maxPaths in Gen.Choose(1, 4)
        from relax in Gen.Elements(false, true)
        select new DecisionOptions { AlwaysCompareMed = alwaysCompare, MissingMedAsWorst = missingWorst, MaxPaths = maxPaths, MultipathRelax = relax };

    private static readonly Gen<(RibScenario Scenario, DecisionOptions Options, int Seed1, int Seed2)> Cases =
        from s in RibGen.Scenario
        from o in Options
        from a in Gen.Choose(0, int.MaxValue - 1)
        from b in Gen.Choose(0, int.MaxValue - 1)
        select (s, o, a, b);

    [Property(MaxTest = 400)]
    public Property BestPath_AnyArrivalOrderWithWithdrawals_SameAsFinalRoutesInsertedFresh() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var reference = RibTestKit.RibFor(c.Scenario, c.Options);
            foreach (var op in c.Scenario.FinalRoutes()) reference.Apply(op);
            var first = Replay(c.Scenario, c.Options, c.Seed1);
            var second = Replay(c.Scenario, c.Options, c.Seed2);
            foreach (var prefix in c.Scenario.Prefixes())
            {
                string expected = reference.Outcome(prefix);
                Assert.Equal(expected, first.Outcome(prefix));
                Assert.Equal(expected, second.Outcome(prefix));
                Assert.Equal(reference.MultipathKeys(prefix), first.MultipathKeys(prefix));
            }
            int live = c.Scenario.FinalRoutes().Count();
            Assert.Equal(live, first.Ipv4.PathCount + first.Ipv6.PathCount);
            int distinctSets = c.Scenario.FinalRoutes().Select(r => r.Attributes!).Distinct().Count();
            Assert.Equal(distinctSets, first.Interner.Count);
        });

    /// <summary>Applies one interleaving, checking each reported change against the tables before and after.</summary>
    private static Rib Replay(RibScenario scenario, DecisionOptions options, int seed)
    {
        var rib = RibTestKit.RibFor(scenario, options);
        foreach (var op in scenario.Interleave(seed))
        {
            string bestBefore = Best(rib, op.Prefix);
            var multipathBefore = rib.MultipathKeys(op.Prefix);
            var change = rib.Apply(op);
            Assert.Equal(op.Prefix, change.Prefix);
            Assert.True((bestBefore != Best(rib, op.Prefix)) == change.BestPathChanged,
                $"{op}: best {bestBefore} -> {Best(rib, op.Prefix)} reported {change.Kind}; {rib.Outcome(op.Prefix)}");
            var multipathAfter = rib.MultipathKeys(op.Prefix);
            Assert.True(!multipathBefore.SequenceEqual(multipathAfter) == change.MultipathChanged,
                $"{op}: multipath {string.Join(' ', multipathBefore)} -> {string.Join(' ', multipathAfter)} reported {change.Kind}; {rib.Outcome(op.Prefix)}");
        }
        return rib;
    }

    private static string Best(Rib rib, Prefix prefix) =>
        rib.TryGetBest(prefix, out var b) ? $"{b.PeerId}/{b.PathId}/{RibTestKit.Describe(b.Attributes)}" : "none";
}

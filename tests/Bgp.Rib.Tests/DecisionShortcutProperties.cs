using Bgp.Protocol.Attributes;
using Bgp.Testing.Rib;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bgp.Rib.Tests;

/// <summary>
/// The single-candidate shortcut of <see cref="DecisionProcess.Select"/> (one eligible route is the best
/// without the elimination steps) answers exactly what the full selection answers: the winner, every
/// candidate's step, the multipath set and its size, under every option. Candidate sets of one to six
/// routes, where often exactly one next hop resolves, checked against a process with the shortcut off.
/// </summary>
public sealed class DecisionShortcutProperties
{
    private static readonly Gen<DecisionOptions> Options =
        from deterministic in Gen.Elements(true, false)
        from alwaysCompare in Gen.Elements(false, true)
        from missingWorst in Gen.Elements(false, true)
        from oldest in Gen.Elements(false, true)
        from maxPaths in Gen.Choose(1, 4)
        from relax in Gen.Elements(false, true)
        select new DecisionOptions
        {
            DeterministicMed = deterministic, AlwaysCompareMed = alwaysCompare, MissingMedAsWorst = missingWorst,
            PreferOldestExternal = oldest, MaxPaths = maxPaths, MultipathRelax = relax,
        };

    private static Gen<(RibPeerSpec Peer, PathAttributes Attributes, uint PathId, ulong Sequence, uint Cost)> Candidate(int id) =>
        from peer in RibGen.Peer(id)
        from attributes in RibGen.Attributes(peer)
        from pathId in Gen.Choose(0, 2)
        from sequence in Gen.Choose(0, 3)
        from cost in Gen.Elements(0u, 10u, 20u)
        select (peer, attributes, (uint)pathId, (ulong)sequence, cost);

    /// <summary>
    /// Which candidates resolve: exactly one (the shortcut's case, at a random place) half the time, else
    /// each on its own (so none, several and all occur too).
    /// </summary>
    private static Gen<bool[]> Reachability(int n) =>
        Gen.OneOf(
            Gen.Choose(0, n - 1).Select(k => Enumerable.Range(0, n).Select(i => i == k).ToArray()),
            Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(false)), (2, Gen.Constant(true))), n));

    private static readonly Gen<(DecisionOptions Options, (RibPeerSpec Peer, PathAttributes Attributes, uint PathId, ulong Sequence, uint Cost)[] Candidates, bool[] Reachable)> Cases =
        from options in Options
        from n in Gen.Frequency((3, Gen.Constant(1)), (7, Gen.Choose(2, 6)))
        from candidates in Gen.CollectToArray(Enumerable.Range(1, n), Candidate)
        from reachable in Reachability(n)
        select (options, candidates, reachable);

    [Property(MaxTest = 1000)]
    public Property Select_OneEligibleOrAny_SameAsFullSelection() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var interner = new AttributeInterner();
            int n = c.Candidates.Length;
            var candidates = new PathCandidate[n];
            for (int i = 0; i < n; i++)
            {
                var (peer, attributes, pathId, sequence, cost) = c.Candidates[i];
                var state = c.Reachable[i] ? new NextHopState(true, cost) : NextHopState.Unreachable;
                candidates[i] = new PathCandidate(interner.Intern(attributes), peer.ToPeer(), pathId, sequence, state);
            }
            var shortcut = new DecisionProcess(c.Options);
            var full = new DecisionProcess(c.Options) { SingleCandidateShortcut = false };
            Assert.True(shortcut.SingleCandidateShortcut);

            var (best, lostAt, multipath) = Run(shortcut, candidates);
            var (expectedBest, expectedLostAt, expectedMultipath) = Run(full, candidates);
            Assert.Equal(expectedBest, best);
            Assert.Equal(expectedLostAt, lostAt);
            Assert.Equal(expectedMultipath, multipath);
        });

    /// <summary>Runs one selection over scratch spans filled with junk, so that a value left unwritten shows.</summary>
    private static (int Best, DecisionStep[] LostAt, int[] Multipath) Run(DecisionProcess process, PathCandidate[] candidates)
    {
        var lostAt = new DecisionStep[candidates.Length];
        lostAt.AsSpan().Fill(DecisionStep.PeerId);
        var multipath = new int[candidates.Length];
        multipath.AsSpan().Fill(-7);
        int best = process.Select(candidates, lostAt, multipath, out int count);
        return (best, lostAt, multipath[..count]);
    }
}

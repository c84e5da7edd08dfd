using System.Net;
using Bgp.Protocol;
using Bgp.Testing.Rib;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bgp.Rib.Tests;

/// <summary>
/// The Loc-RIB's incremental decision (LocRib.Incremental.cs: an added or removed path judged against the
/// stored best on the steps before MED) leaves every table exactly as the full decision does: after each
/// step of a random run (announce, replace, withdraw, next-hop change, session loss with and without graceful
/// restart, stale sweep, candidate reporting on and off), under every MED mode and multipath setting, the best
/// path, every path's flags (Best, Multipath, Stale), the candidates' order and each reported change (kind and
/// destination) equal those of the same run on a Loc-RIB with the shortcut off.
/// </summary>
public sealed class IncrementalDecisionProperties
{
    private static readonly Gen<DecisionOptions> Options =
        from deterministic in Gen.Elements(true, false)
        from alwaysCompare in Gen.Elements(false, true)
        from missingWorst in Gen.Elements(false, true)
        from oldest in Gen.Elements(false, true)
        from maxPaths in Gen.Elements(1, 1, 2, 4)
        from relax in Gen.Elements(false, true)
        select new DecisionOptions
        {
            DeterministicMed = deterministic, AlwaysCompareMed = alwaysCompare, MissingMedAsWorst = missingWorst,
            PreferOldestExternal = oldest, MaxPaths = maxPaths, MultipathRelax = relax,
        };

    private static readonly Gen<(RibRun Run, DecisionOptions Options)> Cases =
        from run in RibGen.Run
        from options in Options
        select (run, options);

    [Property(MaxTest = 1000)]
    public Property LocRib_RandomRunsOfAnnounceReplaceWithdraw_SameAsFullDecisionAfterEveryStep() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var (fast, fastHops) = NewRib(c.Run, new DecisionProcess(c.Options));
            var (full, fullHops) = NewRib(c.Run, new DecisionProcess(c.Options) { IncrementalShortcut = false });
            Assert.True(fast.Decision.IncrementalShortcut);
            for (int i = 0; i < c.Run.Steps.Count; i++)
            {
                var step = c.Run.Steps[i];
                string expected = Apply(full, fullHops, step);
                string got = Apply(fast, fastHops, step);
                Assert.True(expected == got, $"step {i} {step}: changes {got}, full decision {expected}");
                foreach (var prefix in RibGen.ScenarioPrefixes)
                {
                    expected = State(full, prefix);
                    got = State(fast, prefix);
                    Assert.True(expected == got, $"step {i} {step}: {prefix} is {got}, full decision {expected}");
                }
            }
        });

    private static (Rib Rib, NextHopTable NextHops) NewRib(RibRun run, DecisionProcess decision)
    {
        var nextHops = new NextHopTable();
        foreach (var (address, state) in run.NextHops)
            nextHops.Set(IPAddress.Parse(address), new NextHopState(state.Reachable, state.Cost));
        var rib = new Rib(decision, nextHops);
        foreach (var p in run.Peers) rib.AddPeer(p.ToPeer());
        return (rib, nextHops);
    }

    /// <summary>Applies a step as the engine would, and lists the changes it reported.</summary>
    private static string Apply(Rib rib, NextHopTable nextHops, RibStep step)
    {
        var changes = new List<RibChange>();
        switch (step.Kind)
        {
            case RibStepKind.Route:
                changes.Add(rib.Apply(step.Route!));
                break;
            case RibStepKind.NextHop:
                // As RibEngine.OnNextHopChanged: the table changes, then every prefix through the hop is decided again.
                var address = IPAddress.Parse(step.NextHop!);
                nextHops.Set(address, new NextHopState(step.Reachable, step.Reachable ? step.Cost : uint.MaxValue));
                rib.Ipv4.ReevaluateNextHop(address, changes);
                rib.Ipv6.ReevaluateNextHop(address, changes);
                break;
            case RibStepKind.PeerDown:
                rib.PeerDown(step.PeerId, changes);
                break;
            case RibStepKind.MarkStale:
                rib.Ipv4.MarkStale(step.PeerId);
                rib.Ipv6.MarkStale(step.PeerId);
                break;
            case RibStepKind.SweepStale:
                rib.Ipv4.SweepStale(step.PeerId, changes);
                rib.Ipv6.SweepStale(step.PeerId, changes);
                break;
            case RibStepKind.ReportCandidates:
                rib.Ipv4.ReportCandidates = step.Reachable;
                rib.Ipv6.ReportCandidates = step.Reachable;
                break;
        }
        return string.Join(", ", changes.Select(x => $"{x.Prefix} {x.Kind} d{x.Destination}"));
    }

    /// <summary>The best path and every candidate with its flags, in the Loc-RIB's own order (pairwise MED walks it).</summary>
    private static string State(Rib rib, Prefix prefix)
    {
        var table = rib.Table(prefix);
        string best = table.TryGetBest(prefix, out var b) ? $"{b.PeerId}/{b.PathId}" : "none";
        var candidates = new List<RibPath>();
        table.GetCandidates(prefix, candidates);
        var rows = candidates.Select(p => $"{p.PeerId}/{p.PathId}/{RibTestKit.Describe(p.Attributes)}:{table.FlagsOf(p.PeerId, prefix, p.PathId)}");
        return $"best {best} [{string.Join(" ", rows)}]";
    }
}

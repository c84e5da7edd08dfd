using Bgp.Protocol;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests;

/// <summary>
/// Interner ids under churn: random announce and withdraw runs over many attribute sets, each used by few paths,
/// so that sets are dropped and their ids handed to new sets all the time. Every path must still see the set
/// it was announced with, and the live sets must have distinct ids that map back to them.
/// </summary>
public sealed class AttributeInternerIdProperties
{
    private static readonly Gen<(int Seed, int Count)> Runs = SeededRuns(50, 1500);

    [Property(MaxTest = 40)]
    public Property Ids_RandomRunsWithManyShortLivedSets_PathsKeepTheirSetsAndLiveIdsAreDistinct() =>
        Prop.ForAll(Runs.ToArbitrary(), run =>
        {
            var random = new Random(run.Seed);
            var rib = RibWithPeers(3);
            var attrs = Enumerable.Range(0, 60)
                .Select(i => Attrs(Path(65001, 65100 + (uint)i), med: (uint)i, nextHop: $"192.0.2.{1 + i % 3}")).ToArray();
            var model = new Dictionary<(int Peer, Prefix Prefix), int>();
            for (int k = 0; k < run.Count; k++)
            {
                var prefix = Prefix.V4(0x0a000000u | ((uint)random.Next(40) << 8), 24);
                int peer = random.Next(1, 4);
                if (random.Next(2) == 0)
                {
                    rib.Withdraw(peer, new Nlri(prefix));
                    model.Remove((peer, prefix));
                }
                else
                {
                    int a = random.Next(attrs.Length);
                    // A fresh copy, as a decoder hands over per UPDATE, or the same instance again, as for the
                    // next route of the same UPDATE (the interner's last answer).
                    rib.Announce(peer, new Nlri(prefix), random.Next(3) == 0 ? attrs[a] : attrs[a] with { });
                    model[(peer, prefix)] = a;
                }
            }

            var live = new Dictionary<int, RouteAttributes>();
            foreach (var ((peer, prefix), a) in model)
            {
                Assert.True(rib.Ipv4.TryGetPath(peer, prefix, 0, out var set));
                Assert.Equal(attrs[a], set.Attributes);
                Assert.NotEqual(0, set.Id);
                Assert.Same(set, rib.Interner[set.Id]);
                if (live.TryGetValue(set.Id, out var other)) Assert.Same(other, set);
                else live.Add(set.Id, set);
            }
            Assert.Equal(live.Count, rib.Interner.Count);
            Assert.Equal(model.Values.Distinct().Count(), rib.Interner.Count);
        });
}

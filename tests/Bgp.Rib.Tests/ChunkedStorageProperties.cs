using Bgp.Protocol;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests;

/// <summary>
/// <see cref="LocRibStorageProperties"/> at a scale where the stores span several chunks and the bucket table
/// doubles several times: random announce/withdraw runs over tens of thousands of IPv4 prefixes against a
/// dictionary model (prefix to the set of (peer, path id)), then every prefix of the space is looked up.
/// </summary>
public sealed class ChunkedStorageProperties
{
    private const int Space = 4 * ChunkedArray<DestinationSlot>.ChunkLength;

    private static readonly Gen<(int Seed, int Count)> Runs = SeededRuns(Space, 3 * Space);

    [Property(MaxTest = 6)]
    public Property Storage_RandomRunsOverManyChunks_MatchesDictionaryModel() =>
        Prop.ForAll(Runs.ToArbitrary(), run =>
        {
            var random = new Random(run.Seed);
            var rib = RibWithPeers(3);
            var attrs = new[] { Attrs(Path(65001, 65100)), Attrs(Path(65002, 65100)) };
            var model = new Dictionary<Prefix, HashSet<(int Peer, uint PathId)>>();
            for (int k = 0; k < run.Count; k++)
            {
                var prefix = Prefix.V4(0x0a000000u | ((uint)random.Next(Space) << 8), 24);
                int peer = random.Next(1, 4);
                uint pathId = (uint)random.Next(2);
                // Withdrawals a little rarer than announcements, so the table grows while slots are freed and reused.
                if (random.Next(5) < 2)
                {
                    rib.Withdraw(peer, new Nlri(prefix, pathId));
                    if (model.TryGetValue(prefix, out var set) && set.Remove((peer, pathId)) && set.Count == 0) model.Remove(prefix);
                }
                else
                {
                    rib.Announce(peer, new Nlri(prefix, pathId), attrs[random.Next(attrs.Length)]);
                    if (!model.TryGetValue(prefix, out var set)) model[prefix] = set = [];
                    set.Add((peer, pathId));
                }
            }

            Assert.Equal(model.Count, rib.Ipv4.PrefixCount);
            int paths = 0;
            foreach (var set in model.Values) paths += set.Count;
            Assert.Equal(paths, rib.Ipv4.PathCount);
            var candidates = new List<RibPath>();
            for (int i = 0; i < Space; i++)
            {
                var prefix = Prefix.V4(0x0a000000u | ((uint)i << 8), 24);
                candidates.Clear();
                rib.Ipv4.GetCandidates(prefix, candidates);
                if (!model.TryGetValue(prefix, out var expected))
                {
                    Assert.Empty(candidates);
                    Assert.False(rib.TryGetBest(prefix, out _));
                    continue;
                }
                Assert.True(rib.TryGetBest(prefix, out var best));
                Assert.Contains((best.PeerId, best.PathId), expected);
                Assert.Equal(expected.Count, candidates.Count);
                foreach (var c in candidates)
                {
                    Assert.Equal(prefix, c.Prefix);
                    Assert.Contains((c.PeerId, c.PathId), expected);
                }
            }
            for (int peer = 1; peer <= 3; peer++)
            {
                int expected = 0;
                foreach (var set in model.Values)
                    foreach (var (p, _) in set)
                        if (p == peer) expected++;
                Assert.Equal(expected, rib.AdjRibIn(peer, Afi.Ipv4).Count);
                int walked = 0;
                foreach (var path in rib.AdjRibIn(peer, Afi.Ipv4))
                {
                    Assert.Contains((peer, path.PathId), model[path.Prefix]);
                    walked++;
                }
                Assert.Equal(expected, walked);
            }
        });
}

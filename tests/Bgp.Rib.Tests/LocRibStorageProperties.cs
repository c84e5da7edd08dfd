using Bgp.Protocol;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests;

/// <summary>
/// The open-addressing prefix table and the per-peer lists against a dictionary model: random announce and
/// withdraw runs over many prefixes (so buckets grow and backward-shift deletion moves entries), then every
/// lookup and every Adj-RIB-In must match.
/// </summary>
public sealed class LocRibStorageProperties
{
    private static readonly Gen<(int Seed, int Count)> Runs = SeededRuns(100, 3000);

    [Property(MaxTest = 40)]
    public Property Storage_RandomAnnounceWithdrawRuns_MatchesDictionaryModel() =>
        Prop.ForAll(Runs.ToArbitrary(), run =>
        {
            var random = new Random(run.Seed);
            var rib = RibWithPeers(3);
            var attrs = Enumerable.Range(0, 5).Select(i => Attrs(Path(65001, 65100 + (uint)i))).ToArray();
            var model = new Dictionary<(int Peer, Prefix Prefix, uint PathId), int>();
            for (int k = 0; k < run.Count; k++)
            {
                // Few distinct /24s in a small space so that withdrawals hit, with both families.
                var prefix = random.Next(4) == 0
                    ? Prefix.V6(0x20010db8_00000000UL | ((ulong)random.Next(300) << 16), 0, 48)
                    : Prefix.V4(0x0a000000u | ((uint)random.Next(600) << 8), 24);
                int peer = random.Next(1, 4);
                uint pathId = (uint)random.Next(2);
                if (random.Next(3) == 0)
                {
                    rib.Withdraw(peer, new Nlri(prefix, pathId));
                    model.Remove((peer, prefix, pathId));
                }
                else
                {
                    int a = random.Next(attrs.Length);
                    rib.Announce(peer, new Nlri(prefix, pathId), attrs[a]);
                    model[(peer, prefix, pathId)] = a;
                }
            }

            Assert.Equal(model.Count, rib.Ipv4.PathCount + rib.Ipv6.PathCount);
            Assert.Equal(model.Keys.Select(k => k.Prefix).Distinct().Count(), rib.Ipv4.PrefixCount + rib.Ipv6.PrefixCount);
            foreach (var ((peer, prefix, pathId), a) in model)
            {
                Assert.True(rib.AdjRibIn(peer, prefix.Afi).TryGet(prefix, pathId, out var got));
                Assert.Equal(attrs[a], got.Attributes);
                Assert.True(rib.TryGetBest(prefix, out _));
            }
            for (int peer = 1; peer <= 3; peer++)
                foreach (var afi in new[] { Afi.Ipv4, Afi.Ipv6 })
                {
                    var seen = new List<(int, Prefix, uint)>();
                    foreach (var path in rib.AdjRibIn(peer, afi)) seen.Add((path.PeerId, path.Prefix, path.PathId));
                    var expected = model.Keys.Where(k => k.Peer == peer && k.Prefix.Afi == afi).ToHashSet();
                    Assert.Equal(expected.Count, seen.Count);
                    Assert.True(expected.SetEquals(seen));
                    Assert.Equal(expected.Count, rib.AdjRibIn(peer, afi).Count);
                }
            Assert.Equal(model.Values.Distinct().Count(), rib.Interner.Count);
        });
}

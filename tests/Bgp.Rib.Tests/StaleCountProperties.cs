using Bgp.Protocol;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests;

/// <summary>
/// The per-peer count of stale paths (LocRib.Stale.cs) against a model: random runs of announcements (new,
/// repeated, replaced), withdrawals, graceful-restart marks, sweeps and peer downs over a few prefixes of both
/// families, with ADD-PATH identifiers and a peer id past the LocRib's first per-peer arrays. After every step
/// each peer's count must equal both the model's and a walk of its Adj-RIB-In asking each path whether it is
/// stale; a sweep must remove exactly the stale paths and look at no path past the last of them.
/// </summary>
public sealed class StaleCountProperties
{
    private static readonly Gen<(int Seed, int Count)> Runs = SeededRuns(50, 1500);

    /// <summary>Peer 40 is beyond the 16 ids the per-peer arrays start with, so they grow.</summary>
    private static readonly int[] PeerIds = [1, 2, 40];

    private static readonly Afi[] Families = [Afi.Ipv4, Afi.Ipv6];

    [Property(MaxTest = 60)]
    public Property StalePathCount_RandomMarkRefreshWithdrawPeerDownSweepRuns_MatchesModelAndWalk() =>
        Prop.ForAll(Runs.ToArbitrary(), run =>
        {
            var random = new Random(run.Seed);
            var rib = RibWithPeers(2);
            rib.AddPeer(Peer(40, "10.0.0.40", 65040, "40.0.0.1"));
            var attrs = Enumerable.Range(0, 3).Select(i => Attrs(Path(65001, 65100 + (uint)i))).ToArray();
            // (peer, prefix, path id) -> stale
            var model = new Dictionary<(int Peer, Prefix Prefix, uint PathId), bool>();
            var changes = new List<RibChange>();
            for (int k = 0; k < run.Count; k++)
            {
                int peer = PeerIds[random.Next(PeerIds.Length)];
                int op = random.Next(100);
                if (op < 60)
                {
                    // An announcement refreshes a stale path, whether its attributes are the same or not.
                    var key = (peer, RandomPrefix(random), (uint)random.Next(2));
                    rib.Announce(peer, new Nlri(key.Item2, key.Item3), attrs[random.Next(attrs.Length)]);
                    model[key] = false;
                }
                else if (op < 80)
                {
                    var key = (peer, RandomPrefix(random), (uint)random.Next(2));
                    rib.Withdraw(peer, new Nlri(key.Item2, key.Item3));
                    model.Remove(key);
                }
                else if (op < 90)
                {
                    int marked = rib.Ipv4.MarkStale(peer) + rib.Ipv6.MarkStale(peer);
                    var mine = model.Keys.Where(x => x.Peer == peer).ToList();
                    Assert.Equal(mine.Count, marked);
                    foreach (var x in mine) model[x] = true;
                }
                else if (op < 97)
                {
                    var afi = Families[random.Next(2)];
                    var table = rib.Table(afi);
                    var stale = model.Where(x => x.Key.Peer == peer && x.Key.Prefix.Afi == afi && x.Value).Select(x => x.Key).ToList();
                    int expectedVisits = LastStalePosition(rib, peer, afi);
                    long visitsBefore = table.SweepVisits;
                    changes.Clear();
                    Assert.Equal(stale.Count, table.SweepStale(peer, changes));
                    Assert.Equal(expectedVisits, table.SweepVisits - visitsBefore);
                    foreach (var x in stale) model.Remove(x);
                }
                else
                {
                    changes.Clear();
                    rib.PeerDown(peer, changes);
                    foreach (var x in model.Keys.Where(x => x.Peer == peer).ToList()) model.Remove(x);
                }
                CheckCounts(rib, model);
            }
        });

    private static Prefix RandomPrefix(Random random) =>
        random.Next(3) == 0
            ? Prefix.V6(0x20010db8_00000000UL | ((ulong)random.Next(8) << 16), 0, 48)
            : Prefix.V4(0x0a000000u | ((uint)random.Next(16) << 8), 24);

    /// <summary>The 1-based position in the peer's list of its last stale path, 0 when none is stale: what a sweep should look at.</summary>
    private static int LastStalePosition(Rib rib, int peer, Afi afi)
    {
        int i = 0, last = 0;
        foreach (var path in rib.AdjRibIn(peer, afi))
        {
            i++;
            if (rib.Table(afi).IsStale(peer, path.Prefix, path.PathId)) last = i;
        }
        return last;
    }

    private static void CheckCounts(Rib rib, Dictionary<(int Peer, Prefix Prefix, uint PathId), bool> model)
    {
        foreach (int peer in PeerIds)
            foreach (var afi in Families)
            {
                var table = rib.Table(afi);
                int walked = 0, paths = 0;
                foreach (var path in rib.AdjRibIn(peer, afi))
                {
                    paths++;
                    bool stale = table.IsStale(peer, path.Prefix, path.PathId);
                    Assert.Equal(model[(peer, path.Prefix, path.PathId)], stale);
                    if (stale) walked++;
                }
                Assert.Equal(model.Keys.Count(x => x.Peer == peer && x.Prefix.Afi == afi), paths);
                Assert.Equal(walked, table.StalePathCount(peer));
            }
    }
}

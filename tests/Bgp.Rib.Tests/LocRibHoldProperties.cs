using Bgp.Protocol;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests;

/// <summary>
/// Destination holds against a model: random announce, withdraw, hold and release runs over enough
/// prefixes that buckets grow and backward-shift deletion moves entries, checked as they go. A prefix is
/// indexed while it has a path or a hold, counts while it has a path, keeps its index while held, and no
/// index is ever shared or freed under a hold.
/// </summary>
public sealed class LocRibHoldProperties
{
    private static readonly Gen<(int Seed, int Count)> Runs = SeededRuns(200, 1500);

    private sealed class Entry
    {
        public readonly HashSet<int> Peers = [];
        public int Holds;
        public int Index = -1;
    }

    [Property(MaxTest = 30)]
    public Property Holds_RandomAnnounceWithdrawHoldReleaseRuns_MatchModel() =>
        Prop.ForAll(Runs.ToArbitrary(), run =>
        {
            var random = new Random(run.Seed);
            var rib = RibWithPeers(2);
            var table = rib.Ipv4;
            var attrs = Attrs();
            var model = new Dictionary<Prefix, Entry>();
            var held = new List<Prefix>();
            for (int k = 0; k < run.Count; k++)
            {
                var prefix = Prefix.V4(0x0a000000u | ((uint)random.Next(400) << 8), 24);
                if (!model.TryGetValue(prefix, out var e)) model[prefix] = e = new Entry();
                int op = random.Next(10);
                if (op < 4)
                {
                    int peer = random.Next(1, 3);
                    rib.Announce(peer, new Nlri(prefix), attrs);
                    e.Peers.Add(peer);
                }
                else if (op < 7)
                {
                    int peer = random.Next(1, 3);
                    rib.Withdraw(peer, new Nlri(prefix));
                    e.Peers.Remove(peer);
                }
                else if (op < 9)
                {
                    int d = table.FindDestinationIndex(prefix);
                    if (d < 0) continue;
                    table.HoldDestination(d);
                    e.Holds++;
                    held.Add(prefix);
                }
                else if (held.Count > 0)
                {
                    int i = random.Next(held.Count);
                    var p = held[i];
                    held[i] = held[^1];
                    held.RemoveAt(held.Count - 1);
                    table.ReleaseDestination(table.FindDestinationIndex(p));
                    model[p].Holds--;
                }
                Check(table, model);
            }
            // Every hold given back: only prefixes with paths are left.
            foreach (var p in held) table.ReleaseDestination(table.FindDestinationIndex(p));
            foreach (var e in model.Values) e.Holds = 0;
            Check(table, model);
        });

    private static void Check(LocRib table, Dictionary<Prefix, Entry> model)
    {
        int live = 0, indexed = 0;
        var indices = new HashSet<int>();
        foreach (var (prefix, e) in model)
        {
            bool isLive = e.Peers.Count > 0;
            bool isIndexed = isLive || e.Holds > 0;
            if (isLive) live++;
            int d = table.FindDestinationIndex(prefix);
            Assert.Equal(isLive, table.TryGetBest(prefix, out _));
            if (!isIndexed)
            {
                Assert.Equal(-1, d);
                e.Index = -1;
                continue;
            }
            indexed++;
            Assert.True(d >= 0, $"{prefix} lost its destination");
            Assert.True(indices.Add(d), $"{prefix} shares destination {d}");
            Assert.Equal(prefix, table.PrefixAt(d));
            Assert.Equal(e.Holds, table.HoldsOn(d));
            // A destination keeps its index as long as it stays indexed: the Adj-RIB-Out keys by it.
            if (e.Index >= 0) Assert.Equal(e.Index, d);
            e.Index = d;
            if (!isLive) Assert.Null(table.Explain(prefix));
        }
        Assert.Equal(live, table.PrefixCount);
        Assert.Equal(indexed, table.IndexedDestinations);
    }
}

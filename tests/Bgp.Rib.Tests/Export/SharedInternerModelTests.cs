using System.Buffers;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Export;
using static Bgp.Rib.Tests.Export.ExportKit;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests.Export;

/// <summary>
/// Several Adj-RIBs-Out over one Loc-RIB and one export interner against a model, as a route reflector's clients
/// are (DensePendingInterleavedModelTests has one peer and four sets): changes fan out to every peer in turn with
/// the same set (each peer's last-group cache, drained groups crossing peers through the shared pool), bursts of
/// thousands of distinct sets come and go (interner handles freed and reused under the slot stores, the handle
/// table trimmed between bursts and grown again), peers write partially and go down at random points (spares and
/// the interner's count of them). Checked after each drain: every peer's view, the sent state, the references,
/// the holds and the spare accounting.
/// </summary>
public sealed class SharedInternerModelTests
{
    private const int Peers = 4;
    private const int RouteCount = 6000;
    private static readonly CodecOptions Options = CodecOptions.FourOctet;

    private readonly ExportInterner _interner = new();
    private readonly Rib _rib = SelfPopulatingLocRib.NewRib();
    private readonly Dictionary<Prefix, int> _askers = [];

    private ExportedRoute Set(uint localPref) =>
        _interner.Intern(Afi.Ipv4, new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.Empty, NextHop = SelfV4, LocalPref = localPref }, SelfV4);

    /// <summary>The Loc-RIB has a prefix while any peer is asked to have it (the engine changes it before exporting).</summary>
    private void Ask(Nlri nlri, bool wanted)
    {
        _askers.TryGetValue(nlri.Prefix, out int n);
        n += wanted ? 1 : -1;
        Assert.True(n >= 0);
        _askers[nlri.Prefix] = n;
        if (wanted && n == 1) _rib.Announce(SelfPopulatingLocRib.SourcePeer, nlri, Attrs(nextHop: "192.0.2.1"));
        else if (!wanted && n == 0) _rib.Withdraw(SelfPopulatingLocRib.SourcePeer, nlri);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomFanOut_ManySetsComingAndGoing_EveryPeerEndsWithItsAskedStateAndAccountsBalance(int seed)
    {
        var random = new Random(seed);
        var routes = new Nlri[RouteCount];
        for (int i = 0; i < RouteCount; i++) routes[i] = new Nlri(Prefix.V4(0x0A000000u + ((uint)i << 8), 24));
        // Sets kept interned throughout (low handles), so that a burst's sets leaving frees the table's top.
        var sticky = new ExportedRoute[8];
        for (uint s = 0; s < sticky.Length; s++) sticky[s] = Set(1 + s);
        var ribs = new AdjRibOut[Peers];
        var asked = new Dictionary<Nlri, uint>[Peers];
        var view = new Dictionary<Nlri, uint>[Peers];
        for (int p = 0; p < Peers; p++)
        {
            ribs[p] = new AdjRibOut(_interner, _rib.Ipv4, _rib.Ipv6) { DenseMinimum = 0 };
            asked[p] = [];
            view[p] = [];
        }
        uint nextPref = 1000;
        int largestTable = 0, trimmedTo = int.MaxValue;
        for (int round = 0; round < 12; round++)
        {
            // Even rounds: a burst of distinct sets (thousands bound at once); odd rounds: the sticky sets only.
            bool burst = round % 2 == 0;
            if (!burst)
            {
                // A policy change: every route of every peer moves to a sticky set, so that the burst's sets all
                // leave once written and the trim gives the handle table's top back (the next burst grows it again).
                for (int p = 0; p < Peers; p++)
                {
                    foreach (var nlri in asked[p].Keys.ToList())
                    {
                        uint pref = 1 + (uint)random.Next(sticky.Length);
                        asked[p][nlri] = pref;
                        ribs[p].Announce(nlri, Set(pref));
                    }
                }
                DrainAll(ribs, view, asked, random);
                largestTable = Math.Max(largestTable, _interner.HandleCapacity);
                _interner.TrimIdle();
                trimmedTo = Math.Min(trimmedTo, _interner.HandleCapacity);
            }
            int writeEvery = 1 + random.Next(300);
            for (int op = 0; op < 12_000; op++)
            {
                var nlri = routes[random.Next(RouteCount)];
                int what = random.Next(100);
                if (what < 65)
                {
                    // Mostly to every peer in turn with one set, as the engine exports a Loc-RIB change.
                    bool fanOut = random.Next(2) != 0;
                    uint pref = burst ? nextPref++ : 1 + (uint)random.Next(sticky.Length);
                    for (int p = 0; p < Peers; p++)
                    {
                        if (!fanOut && p != 0 && random.Next(2) == 0) continue;
                        if (!asked[p].ContainsKey(nlri)) Ask(nlri, wanted: true);
                        asked[p][nlri] = pref;
                        ribs[p].Announce(nlri, Set(pref));
                        if (!fanOut) pref = burst ? nextPref++ : 1 + (uint)random.Next(sticky.Length);
                    }
                }
                else if (what < 92)
                {
                    for (int p = 0; p < Peers; p++)
                    {
                        if (asked[p].Remove(nlri)) Ask(nlri, wanted: false);
                    }
                    for (int p = 0; p < Peers; p++) ribs[p].Withdraw(nlri);
                }
                else if (what < 93) ribs[random.Next(Peers)].ResendAll();
                else if (what < 96) ribs[random.Next(Peers)].TrimIdle();
                else if (what < 98)
                {
                    largestTable = Math.Max(largestTable, _interner.HandleCapacity);
                    _interner.TrimIdle();
                    _interner.SpareGroups.TrimIdle();
                    trimmedTo = Math.Min(trimmedTo, _interner.HandleCapacity);
                }
                else if (what < 99 && random.Next(8) == 0)
                {
                    // The session goes down: everything of the peer goes, the spares too.
                    int p = random.Next(Peers);
                    ribs[p].Clear();
                    foreach (var n in asked[p].Keys) Ask(n, wanted: false);
                    asked[p].Clear();
                    view[p].Clear();
                }
                if (op % writeEvery == 0)
                {
                    int q = random.Next(Peers);
                    WriteOnce(ribs[q], view[q], asked[q], random, Options);
                }
                AssertSpareAccounting(ribs);
            }
            DrainAll(ribs, view, asked, random);
            var inUse = new HashSet<uint>();
            for (uint s = 0; s < sticky.Length; s++) inUse.Add(1 + s);
            for (int p = 0; p < Peers; p++)
            {
                Assert.Equal(Sorted(asked[p]), Sorted(view[p]));
                Assert.Equal(asked[p].Count, ribs[p].SentCount);
                Assert.Equal(0, ribs[p].PendingCount);
                foreach (var (nlri, pref) in asked[p])
                {
                    Assert.True(ribs[p].TryGetSent(nlri, out var sent) && sent.Attributes.LocalPref == pref, $"peer {p} {nlri}");
                    inUse.Add(pref);
                }
            }
            Assert.Equal(inUse.Count, _interner.Count);
            // Only the sent routes hold destinations: the index has exactly the prefixes some peer is asked for.
            Assert.Equal(_rib.Ipv4.PrefixCount, _rib.Ipv4.IndexedDestinations);
        }
        // The bursts grew the handle table past a chunk and a trim gave some of it back.
        Assert.True(trimmedTo < largestTable, $"table {largestTable}, trimmed to {trimmedTo}");
        foreach (var rib in ribs) rib.Clear();
        Assert.Equal(sticky.Length, _interner.Count);
        Assert.Equal(0, _interner.SpareGroups.PeerSpareBytes);
        Assert.Equal(_rib.Ipv4.PrefixCount, _rib.Ipv4.IndexedDestinations);
    }

    private static void DrainAll(AdjRibOut[] ribs, Dictionary<Nlri, uint>[] view, Dictionary<Nlri, uint>[] asked, Random random)
    {
        for (int p = 0; p < ribs.Length; p++)
        {
            for (int calls = 0; ribs[p].HasPending; calls++)
            {
                Assert.True(calls < 10_000, $"peer {p} never drains");
                WriteOnce(ribs[p], view[p], asked[p], random, Options);
            }
        }
    }

    private void AssertSpareAccounting(AdjRibOut[] ribs)
    {
        long sum = 0;
        foreach (var rib in ribs)
        {
            Assert.InRange(rib.SpareBytes, 0, AdjRibOut.MaxSpareBytes);
            sum += rib.SpareBytes;
        }
        Assert.Equal(sum, _interner.SpareGroups.PeerSpareBytes);
    }
}

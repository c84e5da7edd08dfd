using System.Buffers;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Messages;
using Bgp.Rib.Export;
using static Bgp.Rib.Tests.Export.ExportKit;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests.Export;

/// <summary>
/// The dense pending store (AdjRibOut.Pending.cs) against a model, with changes arriving between partial writes
/// as they do on a live session (AdjRibOutModelTests drains everything before the next change): groups are
/// left half written, routes re-pended and cancelled while a group is half written, a peer that stops reading
/// for thousands of changes (so compaction runs), End-of-RIB requested at random points, route refresh and
/// TrimIdle at random points, over a real Loc-RIB changed before every export as the engine does. Checked
/// throughout: a withdrawal only for what the peer has, an End-of-RIB only when the peer has every change of
/// its family, stale entries bounded; after each drain: the peer's view, the references and the holds.
/// </summary>
public sealed class DensePendingInterleavedModelTests
{
    private static readonly CodecOptions AddPath =
        CodecOptions.FourOctet with { AddPathSend = [AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast] };

    private readonly ExportInterner _interner = new();
    private readonly Rib _rib = SelfPopulatingLocRib.NewRib();
    private readonly Dictionary<Prefix, HashSet<uint>> _wanted = [];

    private ExportedRoute Set(uint localPref, Afi afi) => afi == Afi.Ipv4
        ? _interner.Intern(afi, new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.Empty, NextHop = SelfV4, LocalPref = localPref }, SelfV4)
        : _interner.Intern(afi, new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.Empty, LocalPref = localPref }, SelfV6, SelfLinkLocal);

    private static List<Nlri> Routes()
    {
        var routes = new List<Nlri>();
        // Mostly routes without a path id (pending by destination index once dense), some with (the map).
        for (uint i = 0; i < 1500; i++) routes.Add(new Nlri(Prefix.V4(0x0A000000u + (i << 8), 24)));
        for (uint i = 0; i < 40; i++) routes.Add(new Nlri(Prefix.V4(0x0B000000u + (i << 8), 24), 1 + i % 3));
        for (uint i = 0; i < 300; i++) routes.Add(new Nlri(Prefix.Parse($"2001:db8:{i:x}::/48")));
        for (uint i = 0; i < 20; i++) routes.Add(new Nlri(Prefix.Parse($"2001:db9:{i:x}::/48"), 7));
        return routes;
    }

    private void LocRibChange(Nlri nlri, bool wanted)
    {
        var prefix = nlri.Prefix;
        if (!_wanted.TryGetValue(prefix, out var ids)) _wanted[prefix] = ids = [];
        if (wanted) ids.Add(nlri.PathId);
        else ids.Remove(nlri.PathId);
        var path = new Nlri(prefix);
        if (ids.Count > 0) _rib.Announce(SelfPopulatingLocRib.SourcePeer, path, Attrs(nextHop: prefix.IsIpv6 ? "2001:db8::99" : "192.0.2.1"));
        else _rib.Withdraw(SelfPopulatingLocRib.SourcePeer, path);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    [InlineData(5, false)]
    [InlineData(6, false)]
    public void RandomChanges_BetweenPartialWrites_PeerEndsWithLastAskedStateAndReferencesAndHoldsBalance(int seed, bool denseFromStart)
    {
        var random = new Random(seed);
        var routes = Routes();
        var rib = new AdjRibOut(_interner, _rib.Ipv4, _rib.Ipv6) { DenseMinimum = 0 };
        if (denseFromStart)
        {
            foreach (var nlri in routes) LocRibChange(nlri, wanted: true);
            foreach (var nlri in routes) LocRibChange(nlri, wanted: false);
            rib.EnsureCapacity(AfiSafi.Ipv4Unicast, 1540);
            rib.EnsureCapacity(AfiSafi.Ipv6Unicast, 320);
        }
        var asked = new Dictionary<Nlri, uint>();
        var peer = new Dictionary<Nlri, uint>();
        int maxEntries = 0;
        for (int round = 0; round < 14; round++)
        {
            // Some rounds the peer keeps reading, others it stops for the whole round.
            int writeEvery = round % 3 == 1 ? int.MaxValue : 1 + random.Next(80);
            int ops = round % 3 == 1 ? 12_000 : 3_000;
            for (int op = 0; op < ops; op++)
            {
                var nlri = routes[random.Next(routes.Count)];
                int what = random.Next(100);
                if (what < 60)
                {
                    // Few sets, so that routes often come back to the set they had (cancels and duplicates).
                    uint pref = (uint)random.Next(1, 5);
                    LocRibChange(nlri, wanted: true);
                    rib.Announce(nlri, Set(pref, nlri.Prefix.Afi));
                    asked[nlri] = pref;
                }
                else if (what < 95)
                {
                    LocRibChange(nlri, wanted: false);
                    rib.Withdraw(nlri);
                    asked.Remove(nlri);
                }
                else if (what < 96 && random.Next(10) == 0) rib.ResendAll();
                else if (what < 97) rib.TrimIdle();
                else if (what < 98) rib.RequestEndOfRib(random.Next(2) == 0 ? AfiSafi.Ipv4Unicast : AfiSafi.Ipv6Unicast);
                maxEntries = Math.Max(maxEntries, rib.DenseEntryCount);
                if (op % writeEvery == 0) WriteOnce(rib, peer, asked, random, AddPath);
            }
            // The rest, one message's budget at a time (bits put back whenever the next UPDATE does not fit).
            for (int calls = 0; rib.HasPending; calls++)
            {
                Assert.True(calls < 10_000, "the Adj-RIB-Out never drains");
                WriteOnce(rib, peer, asked, random, AddPath);
            }
            Assert.Equal(Sorted(asked), Sorted(peer));
            Assert.Equal(asked.Count, rib.SentCount);
            Assert.Equal(0, rib.PendingCount);
            Assert.Equal(0, rib.DenseEntryCount);
            foreach (var (nlri, pref) in asked)
                Assert.True(rib.TryGetSent(nlri, out var sent) && sent.Attributes.LocalPref == pref);
            var inUse = new HashSet<(Afi, uint)>();
            foreach (var (nlri, pref) in asked) inUse.Add((nlri.Prefix.Afi, pref));
            Assert.Equal(inUse.Count, _interner.Count);
            // Nothing but the sent routes holds a destination: the index has exactly the prefixes still wanted.
            int live = 0;
            foreach (var ids in _wanted.Values) if (ids.Count > 0) live++;
            Assert.Equal(live, _rib.Ipv4.PrefixCount + _rib.Ipv6.PrefixCount);
            Assert.Equal(live, _rib.Ipv4.IndexedDestinations + _rib.Ipv6.IndexedDestinations);
        }
        // Stale entries stay bounded by the pending routes (at most every route) plus the slack of each family.
        Assert.InRange(maxEntries, 1, 2 * routes.Count + 2 * (AdjRibOut.CompactionSlack + 1));
        // The session goes down in the middle of things: half a group written, stale entries left, holds taken.
        for (int op = 0; op < 3000; op++)
        {
            var nlri = routes[random.Next(routes.Count)];
            LocRibChange(nlri, wanted: true);
            uint pref = (uint)random.Next(1, 5);
            rib.Announce(nlri, Set(pref, nlri.Prefix.Afi));
            asked[nlri] = pref;
            if (op == 2000) WriteOnce(rib, peer, asked, random, AddPath);
        }
        Assert.True(rib.HasPending);
        rib.Clear();
        Assert.Equal(0, _interner.Count);
        Assert.False(rib.HasPending);
        Assert.Equal(0, rib.DenseEntryCount);
        // Every hold went with it: the index has exactly the prefixes the Loc-RIB has.
        Assert.Equal(_rib.Ipv4.PrefixCount + _rib.Ipv6.PrefixCount, _rib.Ipv4.IndexedDestinations + _rib.Ipv6.IndexedDestinations);
        foreach (var nlri in routes) LocRibChange(nlri, wanted: false);
        Assert.Equal(0, _rib.Ipv4.IndexedDestinations + _rib.Ipv6.IndexedDestinations);
    }
}

using System.Buffers;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Messages;
using Bgp.Rib.Export;
using static Bgp.Rib.Tests.Export.ExportKit;

namespace Bgp.Rib.Tests.Export;

/// <summary>
/// AdjRibOut against a model: random announce/withdraw/resend sequences over routes that are kept packed
/// (IPv4, small path ids) and routes that are not (IPv6, path ids of 2^24 and more, RFC 7911), in the same
/// groups, drained with small budgets. After every drain the peer's view built from the UPDATEs must equal
/// what was last asked for, every change must go exactly once, and the references must balance.
/// </summary>
public class AdjRibOutModelTests
{
    private static readonly CodecOptions AddPath =
        CodecOptions.FourOctet with { AddPathSend = [AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast] };

    private readonly ExportInterner _interner = new();

    protected ExportInterner Interner => _interner;

    /// <summary>The Adj-RIB-Out under test: here with the sent map only; see AdjRibOutOverLocRibModelTests.</summary>
    protected virtual AdjRibOut NewRib() => new(_interner);

    /// <summary>Called before a route is asked for (<paramref name="wanted"/>) or withdrawn, as the engine changes the Loc-RIB before exporting.</summary>
    protected virtual void LocRibChange(Nlri nlri, bool wanted)
    {
    }

    protected ExportedRoute Set(uint localPref, Afi afi) => afi == Afi.Ipv4
        ? _interner.Intern(afi, new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.Empty, NextHop = SelfV4, LocalPref = localPref }, SelfV4)
        : _interner.Intern(afi, new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.Empty, LocalPref = localPref }, SelfV6, SelfLinkLocal);

    private static List<Nlri> Routes()
    {
        var routes = new List<Nlri>();
        for (uint i = 0; i < 40; i++)
        {
            routes.Add(new Nlri(Prefix.V4(0x0A000000u + (i << 8), 24), i % 3));
            routes.Add(new Nlri(Prefix.V4(0x0B000000u + (i << 8), 24), (1u << 24) + i)); // too large to pack
            routes.Add(new Nlri(Prefix.Parse($"2001:db8:{i:x}::/48"), i % 2));
        }
        routes.Add(new Nlri(Prefix.V4(0, 0)));
        routes.Add(new Nlri(Prefix.Parse("255.255.255.255/32"), (1u << 24) - 1));
        return routes;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void RandomChanges_MixedPackedAndUnpackedRoutes_PeerEndsWithLastAskedStateAndReferencesBalance(int seed)
    {
        var random = new Random(seed);
        var routes = Routes();
        var rib = NewRib();
        var asked = new Dictionary<Nlri, uint>();   // what the peer should have: local pref of the set
        var peer = new Dictionary<Nlri, uint>();    // what the UPDATEs gave it
        for (int round = 0; round < 30; round++)
        {
            var changed = new HashSet<Nlri>();
            bool resent = false;
            for (int op = 0; op < 150; op++)
            {
                var nlri = routes[random.Next(routes.Count)];
                int what = random.Next(10);
                if (what < 6)
                {
                    uint pref = (uint)random.Next(1, 5);
                    LocRibChange(nlri, wanted: true);
                    rib.Announce(nlri, Set(pref, nlri.Prefix.Afi));
                    asked[nlri] = pref;
                }
                else if (what < 9)
                {
                    LocRibChange(nlri, wanted: false);
                    rib.Withdraw(nlri);
                    asked.Remove(nlri);
                }
                else if (random.Next(20) == 0)
                {
                    rib.ResendAll();
                    resent = true;
                }
                changed.Add(nlri);
            }
            var seen = Apply(rib, peer, random);
            Assert.Equal(asked.OrderBy(p => p.Key.ToString()), peer.OrderBy(p => p.Key.ToString()));
            Assert.Equal(asked.Count, rib.SentCount);
            Assert.Equal(0, rib.PendingCount);
            // Coalescing: each route goes at most once per drain, and only if something changed (or a refresh).
            foreach (var (nlri, count) in seen)
            {
                Assert.Equal(1, count);
                Assert.True(resent || changed.Contains(nlri), $"{nlri} sent without a change");
            }
            // RFC 2918 3: after a refresh every route the peer should have goes again, even one whose pending
            // change came back to what the peer had before the write.
            if (resent)
                foreach (var nlri in asked.Keys) Assert.True(seen.ContainsKey(nlri), $"{nlri} not resent after a refresh");
            foreach (var nlri in asked.Keys)
                Assert.True(rib.TryGetSent(nlri, out var sent) && sent.Attributes.LocalPref == asked[nlri]);
            AfterDrain(rib, asked);
        }
        // One reference per sent route: the sets still interned are exactly the ones in use.
        var inUse = new HashSet<(Afi, uint)>();
        foreach (var (nlri, pref) in asked) inUse.Add((nlri.Prefix.Afi, pref));
        Assert.Equal(inUse.Count, _interner.Count);
        rib.Clear();
        Assert.Equal(0, _interner.Count);
    }

    [Fact]
    public void EnsureCapacity_BeforeInitialTable_SameUpdatesAsWithout()
    {
        var plain = NewRib();
        var sized = NewRib();
        sized.EnsureCapacity(AfiSafi.Ipv4Unicast, 3000);
        sized.EnsureCapacity(AfiSafi.Ipv6Unicast, 100);
        foreach (var rib in new[] { plain, sized }) AnnounceSample(rib);
        var a = new ArrayBufferWriter<byte>();
        var b = new ArrayBufferWriter<byte>();
        Assert.False(plain.WritePending(a, int.MaxValue, AddPath, out _));
        Assert.False(sized.WritePending(b, int.MaxValue, AddPath, out _));
        // The same UPDATEs, route for route; over a Loc-RIB the sized one is dense from the start, its routes
        // pending by destination index in another list of each group, so the order within a set may differ.
        var fromPlain = DecodeAll(a.WrittenSpan, AddPath);
        var fromSized = DecodeAll(b.WrittenSpan, AddPath);
        Assert.Equal(fromPlain.Count, fromSized.Count);
        Assert.Equal(PeerView(fromPlain), PeerView(fromSized));
        Assert.Equal(plain.SentCount, sized.SentCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => sized.EnsureCapacity(AfiSafi.Ipv4Unicast, -1));
    }

    /// <summary>Each announced route and the local preference it came with, in route order.</summary>
    private static List<string> PeerView(List<UpdateMessage> updates)
    {
        var view = new List<string>();
        foreach (var update in updates)
            foreach (var nlri in Announced(update)) view.Add($"{nlri} {update.Attributes.LocalPref}");
        view.Sort(StringComparer.Ordinal);
        return view;
    }

    /// <summary>Every route of <see cref="Routes"/> with set 1, then 2,000 /24s from 12.0.0.0 with set 2.</summary>
    private void AnnounceSample(AdjRibOut rib)
    {
        foreach (var nlri in Routes())
        {
            LocRibChange(nlri, wanted: true);
            rib.Announce(nlri, Set(1, nlri.Prefix.Afi));
        }
        for (uint i = 0; i < 2000; i++)
        {
            var nlri = new Nlri(Prefix.V4(0x0C000000u + (i << 8), 24));
            LocRibChange(nlri, wanted: true);
            rib.Announce(nlri, Set(2, Afi.Ipv4));
        }
    }

    [Fact]
    public void Clear_WithPendingPackedAndUnpackedRoutes_GivesEveryReferenceBack()
    {
        var rib = NewRib();
        // More than one message's worth, so that some stays pending.
        AnnounceSample(rib);
        var output = new ArrayBufferWriter<byte>();
        // Part written, part pending.
        Assert.True(rib.WritePending(output, 4096, AddPath, out _));
        rib.Clear();
        Assert.Equal(0, _interner.Count);
        Assert.False(rib.HasPending);
    }

    /// <summary>Checks of the store after a drain, given what the peer should have.</summary>
    protected virtual void AfterDrain(AdjRibOut rib, Dictionary<Nlri, uint> asked)
    {
    }

    /// <summary>Drains with budgets of one message at a time; returns how often each route went out.</summary>
    private static Dictionary<Nlri, int> Apply(AdjRibOut rib, Dictionary<Nlri, uint> peer, Random random)
    {
        var seen = new Dictionary<Nlri, int>();
        var output = new ArrayBufferWriter<byte>();
        bool more = true;
        while (more)
        {
            output.ResetWrittenCount();
            more = rib.WritePending(output, 4096 + random.Next(200), AddPath, out _);
            foreach (var update in DecodeAll(output.WrittenSpan, AddPath))
            {
                foreach (var nlri in Withdrawn(update))
                {
                    Assert.True(peer.Remove(nlri), $"{nlri} withdrawn but never announced");
                    seen[nlri] = seen.GetValueOrDefault(nlri) + 1;
                }
                foreach (var nlri in Announced(update))
                {
                    peer[nlri] = update.Attributes.LocalPref!.Value;
                    seen[nlri] = seen.GetValueOrDefault(nlri) + 1;
                }
            }
        }
        return seen;
    }
}

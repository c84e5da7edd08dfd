using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Export;
using static Bgp.Rib.Tests.Export.ExportKit;

namespace Bgp.Rib.Tests.Export;

/// <summary>
/// A route pending by destination index holds its destination; once written, the slot that records it as sent
/// holds it instead. For a route sent the first time the pending hold becomes the slot's (AdjRibOut.SentDense):
/// one hold per route, not a second one taken and the first given back. A route sent again keeps the slot's hold,
/// and the pending one goes.
/// </summary>
public sealed class PendingHoldHandoverTests
{
    private const int Routes = 300;
    private readonly ExportInterner _interner = new();

    private ExportedRoute Set(uint localPref) =>
        _interner.Intern(Afi.Ipv4, new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.Empty, NextHop = SelfV4, LocalPref = localPref }, SelfV4);

    private static Nlri Route(int i) => new(Prefix.V4(0x0A000000u + ((uint)i << 8), 24));

    [Fact]
    public void Drain_FirstAnnouncements_PendingHoldBecomesSlotHold()
    {
        var index = new SelfPopulatingLocRib(SelfPopulatingLocRib.NewRib(), Afi.Ipv4);
        var adj = new AdjRibOut(_interner, index, null) { DenseMinimum = 0 };
        // The family goes dense with its first written routes; from then on every route pends by index.
        adj.Announce(Route(0), Set(1));
        Drain(adj, CodecOptions.FourOctet);
        int holds = index.HoldCalls, releases = index.ReleaseCalls;

        var set = Set(2);
        for (int i = 1; i <= Routes; i++)
        {
            if (i > 1) _interner.AddReference(set);
            adj.Announce(Route(i), set);
        }
        Drain(adj, CodecOptions.FourOctet);

        Assert.Equal(Routes + 1, adj.SlotSentCount);
        Assert.Equal(Routes, index.HoldCalls - holds);
        Assert.Equal(0, index.ReleaseCalls - releases);
    }

    [Fact]
    public void Drain_ReplacedAnnouncements_SlotKeepsItsHoldPendingOneGoes()
    {
        var index = new SelfPopulatingLocRib(SelfPopulatingLocRib.NewRib(), Afi.Ipv4);
        var adj = new AdjRibOut(_interner, index, null) { DenseMinimum = 0 };
        adj.Announce(Route(0), Set(1));
        Drain(adj, CodecOptions.FourOctet);
        var first = Set(2);
        for (int i = 1; i <= Routes; i++)
        {
            if (i > 1) _interner.AddReference(first);
            adj.Announce(Route(i), first);
        }
        Drain(adj, CodecOptions.FourOctet);
        int holds = index.HoldCalls, releases = index.ReleaseCalls;

        var second = Set(3);
        for (int i = 1; i <= Routes; i++)
        {
            if (i > 1) _interner.AddReference(second);
            adj.Announce(Route(i), second);
        }
        Drain(adj, CodecOptions.FourOctet);

        Assert.Equal(Routes, index.HoldCalls - holds);
        Assert.Equal(Routes, index.ReleaseCalls - releases);
        // Every destination is held exactly once more than before the routes were pended: by its slot.
        adj.Clear();
        Assert.Equal(0, _interner.Count);
        Assert.Equal(index.HoldCalls, index.ReleaseCalls);
    }
}

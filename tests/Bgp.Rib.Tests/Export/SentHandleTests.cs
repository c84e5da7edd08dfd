using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Export;
using static Bgp.Rib.Tests.Export.ExportKit;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests.Export;

/// <summary>
/// The slot store keeps interner handles, not references (AdjRibOut.Sent.cs): a handle is freed with its set's
/// last reference and reused by the next new set, so a slot must never name a handle it no longer holds.
/// </summary>
public sealed class SentHandleTests
{
    private static readonly CodecOptions Options = CodecOptions.FourOctet;
    private static readonly Nlri N1 = new(Prefix.Parse("10.1.0.0/16"));
    private static readonly Nlri N2 = new(Prefix.Parse("10.2.0.0/16"));

    private readonly ExportInterner _interner = new();

    private ExportedRoute Set(uint localPref) =>
        _interner.Intern(Afi.Ipv4, new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.Empty, NextHop = SelfV4, LocalPref = localPref }, SelfV4);

    private static Rib RibWith(params Nlri[] routes)
    {
        var rib = SelfPopulatingLocRib.NewRib();
        foreach (var nlri in routes) rib.Announce(SelfPopulatingLocRib.SourcePeer, nlri, Attrs(nextHop: "192.0.2.1"));
        return rib;
    }

    [Fact]
    public void Release_LastReference_HandleFreedAndReusedByNextNewSet()
    {
        var a = Set(1);
        var b = Set(2);
        int handleOfA = a.Handle;
        Assert.Same(a, _interner.SetAt(handleOfA));
        Assert.Same(b, _interner.SetAt(b.Handle));

        _interner.Release(a);
        Assert.Null(_interner.SetAt(handleOfA));
        Assert.Equal(-1, a.Handle);

        var c = Set(3);
        Assert.Equal(handleOfA, c.Handle);
        Assert.Same(c, _interner.SetAt(handleOfA));
        // Reused, not appended: the table does not grow while sets come and go.
        Assert.Equal(2, _interner.HandleSpan);
    }

    [Fact]
    public void Release_OneOfManyReferences_HandleStaysBound()
    {
        var a = Set(1);
        _interner.AddReference(a);
        _interner.Release(a);
        Assert.Same(a, _interner.SetAt(a.Handle));
        var b = Set(2);
        Assert.NotEqual(a.Handle, b.Handle);
    }

    /// <summary>
    /// The withdrawal of the only route of set A gives A's last reference back, so A's handle goes to the next
    /// new set C: the cleared slot must not read as C (it would if the slot kept A's handle).
    /// </summary>
    [Fact]
    public void WritePending_WithdrawalFreesHandle_ReusingSetNotSeenInOldSlot()
    {
        var rib = RibWith(N1, N2);
        var adj = new AdjRibOut(_interner, rib.Ipv4, rib.Ipv6) { DenseMinimum = 0 };
        var a = Set(1);
        int handleOfA = a.Handle;
        adj.Announce(N1, a);
        Drain(adj, Options);
        Assert.Equal(1, adj.SlotSentCount);

        adj.Withdraw(N1);
        Assert.Single(Drain(adj, Options).SelectMany(Withdrawn));
        Assert.Equal(0, _interner.Count);

        var c = Set(3);
        Assert.Equal(handleOfA, c.Handle);
        Assert.False(adj.TryGetSent(N1, out _));
        // Nothing was sent for N1 any more, so its withdrawal goes nowhere.
        adj.Withdraw(N1);
        Assert.Equal(0, adj.PendingCount);

        adj.Announce(N2, c);
        Drain(adj, Options);
        Assert.True(adj.TryGetSent(N2, out var sent));
        Assert.Same(c, sent);
        Assert.False(adj.TryGetSent(N1, out _));
    }

    /// <summary>
    /// Replacing the only route of set A with set B frees A's handle; a new set C takes it. The slot names B,
    /// and announcing C there is a change, not "already sent".
    /// </summary>
    [Fact]
    public void WritePending_ReplacementFreesHandle_SlotNamesNewSet()
    {
        var rib = RibWith(N1);
        var adj = new AdjRibOut(_interner, rib.Ipv4, rib.Ipv6) { DenseMinimum = 0 };
        var a = Set(1);
        adj.Announce(N1, a);
        Drain(adj, Options);
        var b = Set(2);
        adj.Announce(N1, b);
        Drain(adj, Options);
        Assert.Equal(1, _interner.Count);

        var c = Set(3);
        Assert.True(adj.TryGetSent(N1, out var sent));
        Assert.Same(b, sent);
        adj.Announce(N1, c);
        var update = Assert.Single(Drain(adj, Options));
        Assert.Equal(3u, update.Attributes!.LocalPref);
        Assert.True(adj.TryGetSent(N1, out sent));
        Assert.Same(c, sent);
        Assert.Equal(1, c.ReferenceCount);
        Assert.Equal(1, _interner.Count);

        adj.Clear();
        Assert.Equal(0, _interner.Count);
    }

    /// <summary>
    /// A dense family's slots hold no references, so once the store has a full chunk it lives in native memory
    /// (ChunkedArray), 4 bytes per destination; Clear gives it back at once.
    /// </summary>
    [Fact]
    public void Drain_DenseFamilyPastOneChunk_SlotsNativeAtFourBytesEach()
    {
        const int Routes = 3 * ChunkedArray<int>.ChunkLength;
        var routes = new Nlri[Routes];
        for (int i = 0; i < Routes; i++) routes[i] = new Nlri(Prefix.V4(0x0A000000u + ((uint)i << 8), 24));
        var rib = RibWith(routes);
        var adj = new AdjRibOut(_interner, rib.Ipv4, rib.Ipv6) { DenseMinimum = 0 };
        var set = Set(1);
        for (int i = 0; i < Routes; i++)
        {
            if (i > 0) _interner.AddReference(set);
            adj.Announce(routes[i], set);
        }
        Drain(adj, Options);
        Assert.Equal(Routes, adj.SlotSentCount);
        Assert.True(adj.SlotsAreNative(Afi.Ipv4));
        Assert.Equal(Routes, adj.SlotCapacity(Afi.Ipv4));
        // Not measured through the shared arena's byte count: tests running beside this one allocate from it and
        // their finalizers free into it, so a difference could fall either way (it did, once, in the full suite).
        // SentStoreMemoryTests measures the bytes per route alone.

        adj.Clear();
        Assert.Equal(0, adj.SlotCapacity(Afi.Ipv4));
        Assert.Equal(0, _interner.Count);
    }

    /// <summary>A family whose routes were all withdrawn gives its slot store back when idle; it grows again on the next route.</summary>
    [Fact]
    public void TrimIdle_EverySlotWithdrawn_GivesBackSlotStore()
    {
        var rib = RibWith(N1, N2);
        var adj = new AdjRibOut(_interner, rib.Ipv4, rib.Ipv6) { DenseMinimum = 0 };
        adj.Announce(N1, Set(1));
        adj.Announce(N2, Set(1));
        Drain(adj, Options);
        adj.TrimIdle();
        Assert.True(adj.SlotCapacity(Afi.Ipv4) > 0);

        adj.Withdraw(N1);
        adj.Withdraw(N2);
        Drain(adj, Options);
        adj.TrimIdle();
        Assert.Equal(0, adj.SlotCapacity(Afi.Ipv4));

        adj.Announce(N2, Set(2));
        Drain(adj, Options);
        Assert.Equal(1, adj.SlotSentCount);
        Assert.True(adj.TryGetSent(N2, out var sent));
        Assert.Equal(2u, sent.Attributes.LocalPref);
    }
}

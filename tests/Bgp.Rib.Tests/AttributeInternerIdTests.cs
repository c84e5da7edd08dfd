using System.Runtime.CompilerServices;
using Bgp.Protocol;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests;

/// <summary>
/// The interner's ids, which the Loc-RIB's path slots store instead of references (issue #7): a slot is 28 bytes,
/// an id is given back when its set is forgotten and reused, never while the set is held, and a path keeps
/// seeing its own set however the ids around it are reused.
/// </summary>
public sealed class AttributeInternerIdTests
{
    private static readonly Prefix P1 = Prefix.Parse("10.0.1.0/24");
    private static readonly Prefix P2 = Prefix.Parse("10.0.2.0/24");
    private static readonly Prefix P3 = Prefix.Parse("10.0.3.0/24");
    private static readonly Prefix P4 = Prefix.Parse("10.0.4.0/24");

    [Fact]
    public void PathSlot_NoReferenceNorPathId_Is24Bytes() => Assert.Equal(24, Unsafe.SizeOf<PathSlot>());

    [Fact]
    public void Intern_AfterSetDropped_ReusesItsIdAndNeverALiveOne()
    {
        var interner = new AttributeInterner();
        var a = interner.Intern(Attrs(med: 1));
        var b = interner.Intern(Attrs(med: 2));
        var c = interner.Intern(Attrs(med: 3));
        Assert.Equal([1, 2, 3], new[] { a.Id, b.Id, c.Id });

        int freed = b.Id;
        interner.AddReference(b);
        interner.Release(b);
        // Still held once: its id is not free yet.
        var d = interner.Intern(Attrs(med: 4));
        Assert.Equal(4, d.Id);
        interner.Release(b);
        Assert.Equal(0, b.Id);

        var e = interner.Intern(Attrs(med: 5));
        var f = interner.Intern(Attrs(med: 6));
        Assert.Equal(freed, e.Id);
        Assert.Equal(5, f.Id);
        foreach (var set in new[] { a, c, d, e, f }) Assert.Same(set, interner[set.Id]);
    }

    [Fact]
    public void LocRib_IdOfDroppedSetReused_RemainingPathsKeepTheirSets()
    {
        var rib = new Rib();
        rib.AddPeer(Peer(1, "10.0.0.1", 65001, "1.1.1.1"));
        rib.AddPeer(Peer(2, "10.0.0.2", 65002, "2.2.2.2"));
        rib.Announce(1, new Nlri(P1), Attrs(Path(65001, 65100), med: 1));
        rib.Announce(2, new Nlri(P1), Attrs(Path(65002, 65100), med: 2));
        rib.Announce(1, new Nlri(P2), Attrs(Path(65001, 65100), med: 1));
        Assert.True(rib.Ipv4.TryGetPath(1, P1, 0, out var a));
        Assert.True(rib.Ipv4.TryGetPath(2, P1, 0, out var b));
        int idOfB = b.Id;

        // a loses one of its two paths (still held), b its only one (dropped, its id freed).
        rib.Withdraw(1, new Nlri(P2));
        rib.Withdraw(2, new Nlri(P1));
        Assert.Equal(1, rib.Interner.Count);

        // Two new sets: the first takes b's id, the second must not take a's.
        rib.Announce(2, new Nlri(P3), Attrs(Path(65002, 65200), med: 3));
        rib.Announce(2, new Nlri(P4), Attrs(Path(65002, 65300), med: 4));
        Assert.True(rib.Ipv4.TryGetPath(2, P3, 0, out var c));
        Assert.True(rib.Ipv4.TryGetPath(2, P4, 0, out var d));
        Assert.Equal(idOfB, c.Id);
        Assert.NotEqual(a.Id, d.Id);

        Assert.True(rib.TryGetBest(P1, out var best));
        Assert.Same(a, best.Attributes);
        Assert.Equal(1u, best.Attributes.Med);
        Assert.True(rib.TryGetBest(P3, out var best3));
        Assert.Same(c, best3.Attributes);
        Assert.True(rib.TryGetBest(P4, out var best4));
        Assert.Same(d, best4.Attributes);
        Assert.Equal(3, rib.Interner.Count);
    }

    [Fact]
    public void LocRib_SetFromAnotherInterner_Rejected()
    {
        var rib = new Rib();
        rib.AddPeer(Peer(1, "10.0.0.1", 65001, "1.1.1.1"));
        rib.Announce(1, new Nlri(P1), Attrs(med: 1));
        var foreign = new AttributeInterner().Intern(Attrs(med: 2));
        Assert.Throws<ArgumentException>(() => rib.Ipv4.Announce(1, P2, 0, foreign));

        // An id beyond every id this RIB's interner handed out is the same mistake, not an IndexOutOfRange.
        var other = new AttributeInterner();
        RouteAttributes far = null!;
        for (uint i = 0; i < 50; i++) far = other.Intern(Attrs(med: 100 + i));
        Assert.Throws<ArgumentException>(() => rib.Ipv4.Announce(1, P2, 0, far));
    }
}

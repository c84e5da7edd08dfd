using Bgp.Protocol;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests;

/// <summary>
/// ADD-PATH path identifiers live in a side store of the Loc-RIB that starts with the first path carrying one
/// (PathSlot has no field for them): paths stored before keep identifier 0, and a slot handed out again reads the
/// identifier of its new path, not of its last one.
/// </summary>
public sealed class PathIdStoreTests
{
    [Fact]
    public void Announce_FirstPathIdAfterManyPathsWithout_EveryPathKeepsItsOwnId()
    {
        var rib = RibWithPeers(2);
        var a = Attrs(Path(65001, 65100));
        // More paths than three chunks of the path store hold, all without an identifier.
        const int Before = 20_000;
        for (int i = 0; i < Before; i++) rib.Announce(1, new Nlri(Prefix.V4(0x0a000000u + ((uint)i << 8), 24)), a);
        var x = Prefix.V4(0xc0000200u, 24);
        rib.Announce(2, new Nlri(x, 5), a);
        rib.Announce(2, new Nlri(x, 0), a);
        rib.Announce(2, new Nlri(x, 7), a);
        rib.Announce(1, new Nlri(x, 0), a);

        for (int i = 0; i < Before; i += 997)
        {
            var p = Prefix.V4(0x0a000000u + ((uint)i << 8), 24);
            Assert.True(rib.AdjRibIn(1, Afi.Ipv4).TryGet(p, 0, out _), p.ToString());
            Assert.False(rib.AdjRibIn(1, Afi.Ipv4).TryGet(p, 5, out _), p.ToString());
        }
        Assert.Equal([0u, 5u, 7u], PathIds(rib, 2).Order());
        Assert.Equal(Before + 1, PathIds(rib, 1).Count(id => id == 0));
    }

    [Fact]
    public void Announce_SlotFreedByPathWithId_NewPathWithoutIdReadsZero()
    {
        var rib = RibWithPeers(2);
        var a = Attrs(Path(65001, 65100));
        var p = Prefix.V4(0x0a000000u, 24);
        var q = Prefix.V4(0x0a000100u, 24);
        rib.Announce(1, new Nlri(p, 9), a);
        rib.Withdraw(1, new Nlri(p, 9));
        // The freed slot is the next one handed out.
        rib.Announce(2, new Nlri(q, 0), a);

        Assert.Equal([0u], PathIds(rib, 2));
        Assert.True(rib.AdjRibIn(2, Afi.Ipv4).TryGet(q, 0, out _));
        Assert.False(rib.AdjRibIn(2, Afi.Ipv4).TryGet(q, 9, out _));
    }

    private static List<uint> PathIds(Rib rib, int peer)
    {
        var ids = new List<uint>();
        foreach (var path in rib.AdjRibIn(peer, Afi.Ipv4)) ids.Add(path.PathId);
        return ids;
    }
}

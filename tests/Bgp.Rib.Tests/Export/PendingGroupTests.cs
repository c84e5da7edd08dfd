using Bgp.Protocol;
using Bgp.Rib.Export;

namespace Bgp.Rib.Tests.Export;

public class PendingGroupTests
{
    private static readonly Nlri[] Mixed =
    [
        new(Prefix.Parse("10.0.0.0/8")),
        new(Prefix.Parse("2001:db8::/32"), 3),
        new(Prefix.Parse("192.0.2.0/24"), (1u << 24) - 1),
        new(Prefix.Parse("198.51.100.0/24"), 1u << 24),
        new(Prefix.Parse("0.0.0.0/0")),
        new(Prefix.Parse("255.255.255.255/32"), 5),
    ];

    [Fact]
    public void AddThenPeekTail_PackedAndUnpackedRoutes_ComeBackUnchanged()
    {
        var group = new PendingGroup(Afi.Ipv4, null);
        foreach (var nlri in Mixed) group.Add(nlri);
        var scratch = new Nlri[1]; // grows as needed
        int take = group.PeekTail(ref scratch, addPath: true, room: 4096, out int used);
        Assert.Equal(Mixed.Length, take);
        Assert.Equal(Mixed.OrderBy(n => n.ToString()), scratch[..take].OrderBy(n => n.ToString()));
        int expected = 0;
        foreach (var nlri in Mixed) expected += 5 + nlri.Prefix.ByteCount;
        Assert.Equal(expected, used);
        group.DropTail(take);
        Assert.Equal(0, group.Count);
    }

    [Fact]
    public void PeekTail_RoomForSome_TakesOnlyWhatFitsAndDropTailKeepsTheRest()
    {
        var group = new PendingGroup(Afi.Ipv4, null);
        for (uint i = 0; i < 10; i++) group.Add(new Nlri(Prefix.V4(0x0A000000u + (i << 8), 24)));
        var scratch = new Nlri[4];
        int take = group.PeekTail(ref scratch, addPath: false, room: 4 * 3 + 3, out int used);
        Assert.Equal(3, take);
        Assert.Equal(12, used);
        group.DropTail(take);
        Assert.Equal(7, group.Count);
    }

    [Fact]
    public void RemoveAt_MiddleOfEachList_LastRouteMovesIntoThePlace()
    {
        var group = new PendingGroup(Afi.Ipv4, null);
        var positions = new int[Mixed.Length];
        for (int i = 0; i < Mixed.Length; i++) positions[i] = group.Add(Mixed[i]);
        // 10/8 is packed (position 0), the last packed is 255.255.255.255/32.
        Assert.True(group.RemoveAt(positions[0], out var moved));
        Assert.Equal(Mixed[5], moved);
        // 2001:db8::/32 is the first unpacked route, 198.51.100.0/24 with a 2^24 path id the last.
        Assert.True(positions[1] < 0);
        Assert.True(group.RemoveAt(positions[1], out moved));
        Assert.Equal(Mixed[3], moved);
        // Removing the last of a list moves nothing.
        Assert.False(group.RemoveAt(positions[1], out _));
        Assert.Equal(3, group.Count);
    }

    [Fact]
    public void ClearForReuse_ListTheLastSetDidNotUse_GivesItBackAndKeepsTheOther()
    {
        // A dense peer's first routes pend in the map (packed list); once it pends by index, a spare that carried
        // both lists keeps only the dense one, and clearing it again (the shared pool clears what it takes) keeps it.
        var group = new PendingGroup(Afi.Ipv4, null);
        group.Add(new Nlri(Prefix.Parse("10.0.0.0/24")));
        group.AddDense(7);
        group.ClearForReuse();
        int both = group.StorageBytes;
        group.Reuse(Afi.Ipv4, null);
        group.AddDense(8);
        group.ClearForReuse();
        Assert.Equal(both - 32 * sizeof(ulong), group.StorageBytes);
        Assert.Equal(32 * sizeof(int), group.StorageBytes);
        group.ClearForReuse();
        Assert.Equal(32 * sizeof(int), group.StorageBytes);
    }

    [Fact]
    public void AddDense_PastManyDoublings_KeepsEveryEntryInOrder()
    {
        var group = new PendingGroup(Afi.Ipv4, null);
        for (int d = 0; d < 5000; d++) group.AddDense(d * 3);
        Assert.Equal(5000, group.Dense.Length);
        for (int i = 0; i < 5000; i++) Assert.Equal(i * 3, group.Dense[i]);
        Assert.Equal(4999 * 3, group.LastDense);
    }
}

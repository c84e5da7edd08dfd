using Bgp.Protocol;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests;

/// <summary>
/// The Loc-RIB's chunked path and destination stores and its fingerprinted prefix table at sizes that span
/// many chunks (<see cref="ChunkedArray{T}.ChunkLength"/> slots each) and several bucket-table doublings:
/// growth keeps every slot, backward-shift deletion after growth leaves every other prefix reachable, freed
/// slots in any chunk are reused, and the RFC 5004 arrival order grows in step with the paths.
/// </summary>
public sealed class ChunkedStorageTests
{
    // Enough for five chunks of destinations and ten of paths with two peers.
    private const int Many = 5 * ChunkedArray<DestinationSlot>.ChunkLength;

    private static Prefix V4(int i) => Prefix.V4(0x01000000u + ((uint)i << 8), 24);

    private static Rib Loaded(int prefixes, int peers, DecisionOptions? options = null)
    {
        var rib = new Rib(options);
        rib.AddPeer(Peer(1, "10.0.0.1", 65001, "9.9.9.9"));
        rib.AddPeer(Peer(2, "10.0.0.2", 65002, "1.1.1.1"));
        for (int peer = 1; peer <= peers; peer++)
        {
            var attrs = Attrs(Path(64999 + (uint)peer + 1, 65100));
            for (int i = 0; i < prefixes; i++) rib.Announce(peer, new Nlri(V4(i)), attrs);
        }
        return rib;
    }

    [Fact]
    public void LastLookup_DestinationRemoved_FreedSlotNotFoundAsDefaultRoute()
    {
        // The Loc-RIB remembers the destination looked up last. A freed slot reads as 0.0.0.0/0 with its
        // free-list link where the first path was, so the memory must go with the slot, or the default route
        // would find the freed slot and walk the free list as if it were paths.
        var rib = Loaded(prefixes: 2, peers: 1);
        rib.Withdraw(1, new Nlri(V4(0)));
        rib.Withdraw(1, new Nlri(V4(1)));
        var defaultRoute = Prefix.V4(0, 0);
        var candidates = new List<RibPath>();
        Assert.Equal(0, rib.Ipv4.GetCandidates(defaultRoute, candidates));
        Assert.Null(rib.Ipv4.Explain(defaultRoute));
        Assert.Equal(0, rib.Ipv4.PrefixCount);
    }

    [Fact]
    public void ChunkedArray_GrowPastManyChunks_KeepsEveryElement()
    {
        var array = new ChunkedArray<int>();
        int n = 3 * ChunkedArray<int>.ChunkLength + 5;
        for (int i = 0; i < n; i++)
        {
            if (i == array.Capacity) array.Grow();
            array[i] = i * 7;
        }
        Assert.Equal(4, array.ChunkCount);
        Assert.Equal(4 * ChunkedArray<int>.ChunkLength, array.Capacity);
        for (int i = 0; i < n; i++) Assert.Equal(i * 7, array[i]);
    }

    [Fact]
    public void ChunkedArray_FirstChunk_StartsSmallAndDoubles()
    {
        var array = new ChunkedArray<long>();
        Assert.Equal(0, array.Capacity);
        array.Grow();
        array[15] = 42;
        Assert.Equal(16, array.Capacity);
        array.Grow();
        Assert.Equal(32, array.Capacity);
        Assert.Equal(42, array[15]);
        Assert.Equal(1, array.ChunkCount);
    }

    [Fact]
    public void Announce_ManyChunksOfPrefixes_EveryPrefixAndPathFound()
    {
        var rib = Loaded(Many, peers: 2);

        Assert.Equal(Many, rib.Ipv4.PrefixCount);
        Assert.Equal(2 * Many, rib.Ipv4.PathCount);
        Assert.Equal((10, 5), rib.Ipv4.StorageChunks);
        for (int i = 0; i < Many; i++)
        {
            Assert.True(rib.TryGetBest(V4(i), out var best));
            Assert.Equal(V4(i), best.Prefix);
            // Equal but for the router id: the lower one (peer 2) wins.
            Assert.Equal(2, best.PeerId);
            Assert.True(rib.AdjRibIn(1, Afi.Ipv4).TryGet(V4(i), 0, out _));
        }
        Assert.False(rib.TryGetBest(V4(Many), out _));
        Assert.Equal(Many, rib.AdjRibIn(1, Afi.Ipv4).Count);
        Assert.Equal(Many, rib.AdjRibIn(2, Afi.Ipv4).Count);
    }

    [Fact]
    public void Announce_PastThreeQuartersOfHalfAMillionBuckets_IndexQuadruplesAndEveryPrefixFound()
    {
        // Doubling up to 2^19 buckets (load at most 3/4), then quadrupling: the 2^20 step is skipped.
        const int full = 3 << 17;
        var rib = Loaded(full, peers: 1);
        Assert.Equal(1 << 19, rib.Ipv4.BucketCount);
        rib.Announce(1, new Nlri(V4(full)), Attrs(Path(65001, 65100)));
        Assert.Equal(1 << 21, rib.Ipv4.BucketCount);
        for (int i = 0; i <= full; i++) Assert.True(rib.TryGetBest(V4(i), out _));
        Assert.False(rib.TryGetBest(V4(full + 1), out _));
    }

    [Fact]
    public void Withdraw_EveryThirdAfterGrowth_OthersStillFoundAndFreedSlotsReused()
    {
        var rib = Loaded(Many, peers: 1);
        // Removals spread over every chunk and every part of the bucket table, so backward shifts move
        // entries whose destinations live in different chunks, and across the wrap-around of the table.
        for (int i = 0; i < Many; i += 3) rib.Withdraw(1, new Nlri(V4(i)));
        for (int i = 0; i < Many; i++) Assert.Equal(i % 3 != 0, rib.TryGetBest(V4(i), out _));
        Assert.Equal(Many - (Many + 2) / 3, rib.Ipv4.PrefixCount);

        // New prefixes take the freed slots: no chunk is added.
        var chunks = rib.Ipv4.StorageChunks;
        var attrs = Attrs(Path(65001, 65100));
        for (int i = 0; i < Many; i += 3) rib.Announce(1, new Nlri(V4(Many + i)), attrs);
        Assert.Equal(chunks, rib.Ipv4.StorageChunks);
        for (int i = 0; i < 2 * Many; i++)
            Assert.Equal(i < Many ? i % 3 != 0 : (i - Many) % 3 == 0, rib.TryGetBest(V4(i), out _));
        Assert.Equal(Many, rib.Ipv4.PrefixCount);
    }

    [Fact]
    public void Withdraw_EverythingAfterGrowth_EmptyThenRefills()
    {
        var rib = Loaded(Many, peers: 1);
        var changes = new List<RibChange>();
        Assert.Equal(Many, rib.PeerDown(1, changes));
        Assert.Equal(Many, changes.Count);
        Assert.Equal(0, rib.Ipv4.PrefixCount);
        Assert.Equal(0, rib.Ipv4.PathCount);
        for (int i = 0; i < Many; i++) Assert.False(rib.TryGetBest(V4(i), out _));

        var attrs = Attrs(Path(65001, 65100));
        for (int i = Many - 1; i >= 0; i--) rib.Announce(1, new Nlri(V4(i)), attrs);
        for (int i = 0; i < Many; i++) Assert.True(rib.TryGetBest(V4(i), out _));
        Assert.Equal((5, 5), rib.Ipv4.StorageChunks);
    }

    [Fact]
    public void PreferOldestExternal_PathsInLaterChunks_ArrivalOrderKept()
    {
        // Peer 1 has the higher router id, so only RFC 5004 (the older external path) makes it win.
        var rib = Loaded(Many, peers: 2, DecisionOptions.Default with { PreferOldestExternal = true });
        for (int i = 0; i < Many; i++)
        {
            Assert.True(rib.TryGetBest(V4(i), out var best));
            Assert.Equal(1, best.PeerId);
        }
        // Peer 1's second half comes again, now younger than peer 2's.
        var attrs = Attrs(Path(65000, 65100));
        for (int i = Many / 2; i < Many; i++)
        {
            rib.Withdraw(1, new Nlri(V4(i)));
            rib.Announce(1, new Nlri(V4(i)), attrs);
        }
        for (int i = 0; i < Many; i++)
        {
            Assert.True(rib.TryGetBest(V4(i), out var best));
            Assert.Equal(i < Many / 2 ? 1 : 2, best.PeerId);
        }
    }
}

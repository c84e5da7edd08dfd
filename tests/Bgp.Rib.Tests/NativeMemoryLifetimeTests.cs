using System.Runtime.CompilerServices;
using Bgp.Protocol;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests;

/// <summary>
/// The Loc-RIB's native storage goes back to the shared arena: when the RIB becomes garbage (through the
/// owners' finalizers) and when a chunked array is released. Reads the process-wide counters of
/// <see cref="HugePageArena.Shared"/>, so it runs with no other test class in parallel.
/// </summary>
[Collection(MemoryPerPathTests.Alone)]
public sealed class NativeMemoryLifetimeTests
{
    private const int Prefixes = 3 * ChunkedArray<DestinationSlot>.ChunkLength;

    [Fact]
    public void LocRib_BecomesGarbage_NativeStorageReturnedToArena()
    {
        var arena = HugePageArena.Shared;
        // Earlier tests' garbage gives its storage back first, so that only this RIB's moves the counter.
        CollectFully();
        long before = arena.BytesInUse;

        long held = BuildAndDrop() - before;
        // The destination, hold and path stores (224-256 KiB chunks) and the 128 KiB+ index are native.
        Assert.True(held > 3 * 256 * 1024, $"{held} bytes native");

        CollectFully();
        Assert.Equal(before, arena.BytesInUse);
    }

    [Fact]
    public void Release_NativeChunks_ReturnedAtOnce()
    {
        var arena = HugePageArena.Shared;
        long before = arena.BytesInUse;
        var array = new ChunkedArray<DestinationSlot>();
        while (array.Capacity <= 2 * ChunkedArray<DestinationSlot>.ChunkLength) array.Grow();
        Assert.Equal(before + 3L * ChunkedArray<DestinationSlot>.ChunkLength * Unsafe.SizeOf<DestinationSlot>(), arena.BytesInUse);

        array.Release();

        Assert.Equal(before, arena.BytesInUse);
        Assert.Equal(0, array.Capacity);
    }

    [Fact]
    public void ReleaseStorage_FullRib_NativeStorageReturnedAtOnce()
    {
        var arena = HugePageArena.Shared;
        CollectFully();
        long before = arena.BytesInUse;
        var rib = new Rib();
        rib.AddPeer(Peer(1, "10.0.0.1", 65001, "9.9.9.9"));
        var attrs = Attrs(Path(65001, 65100));
        for (int i = 0; i < Prefixes; i++) rib.Announce(1, new Nlri(Prefix.V4(0x01000000u + ((uint)i << 8), 24)), attrs);
        Assert.True(arena.BytesInUse - before > 3 * 256 * 1024, $"{arena.BytesInUse - before} bytes native");

        rib.ReleaseStorage();

        // No collection in between: the RIB is still reachable, only its storage went.
        Assert.Equal(before, arena.BytesInUse);
        GC.KeepAlive(rib);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long BuildAndDrop()
    {
        var rib = new Rib();
        rib.AddPeer(Peer(1, "10.0.0.1", 65001, "9.9.9.9"));
        var attrs = Attrs(Path(65001, 65100));
        for (int i = 0; i < Prefixes; i++) rib.Announce(1, new Nlri(Prefix.V4(0x01000000u + ((uint)i << 8), 24)), attrs);
        Assert.Equal(Prefixes, rib.Ipv4.PrefixCount);
        return HugePageArena.Shared.BytesInUse;
    }

    /// <summary>Two collections with their finalizers: the owners give memory back on their second finalization.</summary>
    private static void CollectFully()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }
}

using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Xunit.Abstractions;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests;

/// <summary>
/// Bytes of memory per stored path, the managed heap's and the native stores' (<see cref="HugePageArena"/>: the
/// path and destination slots and the prefix index live there; the bytes in use are counted, not the mappings): 200k paths (100k IPv4 prefixes from two peers, or 200k from one) sharing 1k
/// attribute sets, each announcement bringing its own copy of the set as a decoder would. Counts the
/// Adj-RIB-In and Loc-RIB entries, the prefix index and the interned sets, slack of the growing arrays included.
/// Issue #7's target is under 100 bytes per path; measured 61.1 (two peers) and 87.5 (one) with 28-byte path
/// slots, 63.7 and 92.9 with 32-byte ones.
/// </summary>
[Collection(MemoryPerPathTests.Alone)]
public sealed class MemoryPerPathTests(ITestOutputHelper output)
{
    /// <summary>
    /// GC.GetTotalMemory counts the whole process: run alone, or the other test classes' live objects land in
    /// the difference (at the 100-byte bound the test failed about one run in eight beside them).
    /// </summary>
    public const string Alone = "memory measured alone";

    private const int AttributeSets = 1_000;

    [Theory]
    [InlineData(100_000, 2)]
    [InlineData(200_000, 1)]
    public void Load_200kPathsSharing1kAttributeSets_UnderBoundBytesPerPath(int prefixes, int peers)
    {
        var sets = new PathAttributes[AttributeSets];
        for (int i = 0; i < AttributeSets; i++)
            sets[i] = Attrs(Path(65001, 64512 + (uint)i, 3356, 15169), med: (uint)(i % 7), nextHop: $"192.0.2.{1 + i % 200}");

        var rib = new Rib();
        for (int peer = 1; peer <= peers; peer++) rib.AddPeer(Peer(peer, $"10.0.0.{peer}", 65001, $"{peer}.0.0.1"));
        long before = UsedBytes();

        for (int peer = 1; peer <= peers; peer++)
            for (int i = 0; i < prefixes; i++)
            {
                var prefix = Prefix.V4(0x01000000u + ((uint)i << 8), 24);
                rib.Announce(peer, new Nlri(prefix), sets[(i + peer) % AttributeSets] with { });
            }

        long after = UsedBytes();
        int paths = rib.Ipv4.PathCount;
        double perPath = (after - before) / (double)paths;
        output.WriteLine($"{paths} paths, {rib.Ipv4.PrefixCount} prefixes, {rib.Interner.Count} attribute sets: {after - before} bytes, {perPath:F1} bytes per path");

        Assert.Equal(prefixes * peers, paths);
        Assert.Equal(AttributeSets, rib.Interner.Count);
        Assert.True(perPath < 100, $"{perPath:F1} bytes per path");
        GC.KeepAlive(rib);
        GC.KeepAlive(sets);
    }

    /// <summary>
    /// The live managed heap plus the native storage in use. The native chunks of a RIB that just became garbage
    /// (the previous case's) go back to the arena from NativeChunks' finalizer, on its second run (it re-registers
    /// once), and GetTotalMemory's last collection leaves the finalizers it queued unrun: without two finalizer
    /// passes first, the second case started from the first one's 17 MB and measured -27 bytes per path.
    /// </summary>
    internal static long UsedBytes()
    {
        for (int pass = 0; pass < 2; pass++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true) + HugePageArena.Shared.BytesInUse;
    }
}

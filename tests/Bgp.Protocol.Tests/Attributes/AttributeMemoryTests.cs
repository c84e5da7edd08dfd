using System.Collections.Immutable;
using System.Net;
using Bgp.Protocol.Attributes;
using Xunit.Abstractions;

namespace Bgp.Protocol.Tests.Attributes;

/// <summary>
/// The memory an interned attribute set costs (issue #7: a full-table RIB holds hundreds of thousands of
/// them, so their size is behaviour). Counts the bytes allocated to build N sets of the common shape
/// (ORIGIN, a 4-6 AS AS_SEQUENCE, NEXT_HOP, MED or not, a few communities) and bounds them per set.
/// </summary>
public class AttributeMemoryTests(ITestOutputHelper output)
{
    private const int N = 2000;

    /// <summary>
    /// One AS_SEQUENCE of 5 ASes: before the flat representation, the AsPath, its segment array, the
    /// segment and the uint[] cost 136 B; now the AsPath and one uint[] (ASes plus nothing else).
    /// </summary>
    [Fact]
    public void AsPath_OneSequenceOfFive_CostsAtMost88Bytes()
    {
        var sources = new uint[N][];
        for (int i = 0; i < N; i++) sources[i] = [64500, (uint)(64501 + i), 3356, 174, (uint)(65000 + i)];
        var kept = new AsPath[N];
        AsPath.FromSequence(sources[0]); // JIT outside the measurement

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < N; i++) kept[i] = AsPath.FromSequence(sources[i]);
        long perPath = (GC.GetAllocatedBytesForCurrentThread() - before) / N;

        output.WriteLine($"AsPath (5 ASes): {perPath} B");
        GC.KeepAlive(kept);
        Assert.True(perPath <= 88, $"an AS path of one 5-AS sequence costs {perPath} B");
    }

    /// <summary>
    /// The decoder's object initializer and the export rules' <c>with</c> set every rare attribute, mostly to its
    /// default; setting a value the set already has must not build a side object (before: one throwaway
    /// PathAttributesRare per setter, 10 % of a full-table ingest's allocations).
    /// </summary>
    [Fact]
    public void PathAttributes_RareAttributesSetToDefaults_AllocatesNoSideObject()
    {
        var path = AsPath.FromSequence(64500, 3356);
        var hop = IPAddress.Parse("192.0.2.1");
        static PathAttributes Build(AsPath path, IPAddress hop) => new()
        {
            Origin = Origin.Igp, AsPath = path, NextHop = hop,
            AtomicAggregate = false, Aggregator = null, OriginatorId = null, ClusterList = [], ExtendedCommunities = [],
            As4Path = null, As4Aggregator = null, OnlyToCustomer = null, Unknown = [],
        };
        var plain = new PathAttributes { Origin = Origin.Igp, AsPath = path, NextHop = hop };
        Build(path, hop); // JIT outside the measurement
        _ = plain with { OriginatorId = null, ClusterList = [] };

        long before = GC.GetAllocatedBytesForCurrentThread();
        var built = Build(path, hop);
        long initializer = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        var copied = plain with { OriginatorId = null, ClusterList = [], AtomicAggregate = false };
        long with = GC.GetAllocatedBytesForCurrentThread() - before;

        output.WriteLine($"initializer {initializer} B, with {with} B");
        Assert.Equal(plain, built);
        Assert.Equal(plain, copied);
        // One PathAttributes object each (72 B), no side object.
        Assert.True(initializer <= 80, $"the initializer allocated {initializer} B");
        Assert.True(with <= 80, $"the with expression allocated {with} B");
    }

    /// <summary>The PathAttributes instance alone, its AS path, next hop and communities built beforehand.</summary>
    [Fact]
    public void PathAttributes_CommonShape_InstanceCostsAtMost80Bytes()
    {
        var paths = new AsPath[N];
        var hops = new IPAddress[N];
        var communities = new ImmutableArray<uint>[N];
        for (int i = 0; i < N; i++)
        {
            paths[i] = AsPath.FromSequence(64500, (uint)(64501 + i), 3356, 174);
            hops[i] = new IPAddress((uint)(0x0100000A + i));
            communities[i] = [(64500u << 16) | 1, (64500u << 16) | (uint)(i & 0xFFFF), 0xFFFFFF01];
        }
        var kept = new PathAttributes[N];
        Build(0, paths, hops, communities); // JIT outside the measurement

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < N; i++) kept[i] = Build(i, paths, hops, communities);
        long perSet = (GC.GetAllocatedBytesForCurrentThread() - before) / N;

        output.WriteLine($"PathAttributes (common shape): {perSet} B");
        GC.KeepAlive(kept);
        Assert.True(perSet <= 80, $"a common attribute set costs {perSet} B");
    }

    /// <summary>
    /// A set as a route reflector passes it on (ORIGINATOR_ID and CLUSTER_LIST, RFC 4456 8): the instance
    /// and its side object of rare attributes, 72 + 80 B (the side object was 96 B with nullable fields).
    /// </summary>
    [Fact]
    public void PathAttributes_ReflectedShape_WithItsRareAttributesCostsAtMost160Bytes()
    {
        var basis = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(64500, 3356), LocalPref = 100, OriginatorId = 0x0A000001 };
        var clusters = new ImmutableArray<uint>[N];
        for (int i = 0; i < N; i++) clusters[i] = [0x0A0000FFu + (uint)i];
        var kept = new PathAttributes[N];
        _ = basis with { ClusterList = clusters[0] }; // JIT outside the measurement

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < N; i++) kept[i] = basis with { ClusterList = clusters[i] };
        long perSet = (GC.GetAllocatedBytesForCurrentThread() - before) / N;

        output.WriteLine($"PathAttributes (reflected, with side object): {perSet} B");
        GC.KeepAlive(kept);
        Assert.True(perSet <= 160, $"a reflected attribute set costs {perSet} B");
    }

    private static PathAttributes Build(int i, AsPath[] paths, IPAddress[] hops, ImmutableArray<uint>[] communities) =>
        new()
        {
            Origin = Origin.Igp,
            AsPath = paths[i],
            NextHop = hops[i],
            MultiExitDisc = i % 2 == 0 ? (uint)i : null,
            Communities = communities[i],
        };
}

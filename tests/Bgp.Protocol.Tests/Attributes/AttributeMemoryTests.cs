using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Net;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;
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
    /// One AS_SEQUENCE of up to <see cref="AsPath.InlineCapacity"/> ASes, however built: the AsPath object alone,
    /// its ASes inline (64 B). Before: the AsPath (32 B) and a uint[] of 24 B + 4 per AS, 80 B for five ASes and
    /// 96 B for nine; and before the flat representation, 136 B for five with the segment objects.
    /// </summary>
    [Theory]
    [InlineData("FromSequence", 5)]
    [InlineData("FromSequence", AsPath.InlineCapacity)]
    [InlineData("Decoded", 5)]
    [InlineData("Decoded", AsPath.InlineCapacity)]
    [InlineData("Prepended", AsPath.InlineCapacity)]
    [InlineData("Constructor", AsPath.InlineCapacity)]
    public void AsPath_OneShortSequence_AllocatesOnlyTheObject(string way, int length)
    {
        var sources = new uint[N][];
        var wire = new byte[N][];
        var bases = new AsPath[N];
        var segments = new ImmutableArray<AsPathSegment>[N];
        for (int i = 0; i < N; i++)
        {
            sources[i] = new uint[length];
            for (int k = 0; k < length; k++) sources[i][k] = (uint)(64500 + i * 16 + k);
            wire[i] = new byte[2 + 4 * length];
            wire[i][0] = (byte)AsPathSegmentType.AsSequence;
            wire[i][1] = (byte)length;
            for (int k = 0; k < length; k++) BinaryPrimitives.WriteUInt32BigEndian(wire[i].AsSpan(2 + 4 * k), sources[i][k]);
            bases[i] = AsPath.FromSequence(sources[i].AsSpan(1));
            segments[i] = [new AsPathSegment(AsPathSegmentType.AsSequence, [.. sources[i]])];
        }
        AsPath Build(int i) => way switch
        {
            "FromSequence" => AsPath.FromSequence(sources[i]),
            "Decoded" => AsPathReader.TryRead(wire[i], 4, allowConfederation: false, out _)!,
            "Prepended" => bases[i].Prepend(sources[i][0]),
            _ => new AsPath(segments[i]),
        };
        var kept = new AsPath[N];
        Build(0); // JIT outside the measurement

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < N; i++) kept[i] = Build(i);
        long perPath = (GC.GetAllocatedBytesForCurrentThread() - before) / N;

        output.WriteLine($"AsPath ({length} ASes, {way}): {perPath} B");
        Assert.Equal(AsPath.FromSequence(sources[N - 1]), kept[N - 1]);
        GC.KeepAlive(kept);
        Assert.True(perPath <= 64, $"an AS path of one {length}-AS sequence ({way}) costs {perPath} B");
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

using System.Runtime.CompilerServices;
using Bgp.Protocol;
using Bgp.Rib.Export;

namespace Bgp.Rib.Tests.Export;

public class PackedMapTests
{
    private static Nlri V4(int i) => new(Prefix.V4((uint)i << 8, 24));

    [Fact]
    public void Add_PastSeveralChunksAndBucketDoublings_KeepsEveryEntryAndRefs()
    {
        var map = new NlriMap<int>();
        const int n = 5 * 8192 + 17;
        for (int i = 0; i < 8192; i++) map.GetValueRefOrAddDefault(V4(i), out _) = i;
        // Entry 8192 opens the second chunk; full chunks never move (only the first one grows to full size).
        ref int early = ref map.GetValueRefOrAddDefault(V4(8192), out _)!;
        early = -1;
        for (int i = 8193; i < n; i++) map.GetValueRefOrAddDefault(V4(i), out _) = i;
        early = -7;
        Assert.True(map.TryGetValue(V4(8192), out int v0));
        Assert.Equal(-7, v0);
        Assert.Equal(n, map.Count);
        Assert.Equal(6, map.Ipv4.ChunkCount);
        Assert.True(map.Ipv4.BucketCount >= 65536);
        Assert.True(map.Ipv4.Count * 4 <= map.Ipv4.BucketCount * 3);
        for (int i = 0; i < n; i++) Assert.True(i == 8192 || (map.TryGetValue(V4(i), out int v) && v == i));
        Assert.False(map.ContainsKey(V4(n)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(4271)]
    public void RandomInsertRemove_AgainstDictionary_AgreesAtEveryStep(int seed)
    {
        // Keys from a small range so that removals hit, re-adds reuse freed entries, and probe chains are long
        // (IPv4, packed IPv6, and fallback keys mixed: the backward shift must keep every chain reachable).
        var random = new Random(seed);
        var map = new NlriMap<long>();
        var model = new Dictionary<Nlri, long>();
        for (int step = 0; step < 60_000; step++)
        {
            var key = RandomKey(random);
            int op = random.Next(10);
            if (op < 5)
            {
                ref long v = ref map.GetValueRefOrAddDefault(key, out bool exists);
                Assert.Equal(model.ContainsKey(key), exists);
                v = step;
                model[key] = step;
            }
            else if (op < 9)
            {
                Assert.Equal(model.Remove(key, out long expected), map.Remove(key, out long actual));
                if (expected != 0) Assert.Equal(expected, actual);
            }
            else
            {
                ref long v = ref map.GetValueRefOrNullRef(key);
                Assert.Equal(model.TryGetValue(key, out long expected), !Unsafe.IsNullRef(ref v));
                if (!Unsafe.IsNullRef(ref v)) Assert.Equal(expected, v);
            }
            Assert.Equal(model.Count, map.Count);
            if (step % 10_000 == 9_999) AssertSame(model, map);
        }
        AssertSame(model, map);
        map.TrimExcess();
        AssertSame(model, map);
    }

    private static Nlri RandomKey(Random random)
    {
        int kind = random.Next(8);
        int i = random.Next(20_000);
        return kind switch
        {
            < 5 => new Nlri(Prefix.V4((uint)i << 8, 24), (uint)random.Next(2)),
            < 7 => new Nlri(Prefix.V6(0x2001_0db8_0000_0000UL | ((ulong)i << 16), 0, 48), (uint)random.Next(2)),
            _ => new Nlri(Prefix.V6(0x2001_0db8_0000_0000UL, (ulong)i << 32, 96)),
        };
    }

    private static void AssertSame(Dictionary<Nlri, long> model, NlriMap<long> map)
    {
        Assert.Equal(model.Count, map.Count);
        foreach (var (key, value) in model) Assert.True(map.TryGetValue(key, out long v) && v == value, key.ToString());
        var snapshot = map.Snapshot();
        Assert.Equal(model.Count, snapshot.Count);
        foreach (var (key, value) in snapshot) Assert.Equal(model[key], value);
        long sum = 0;
        foreach (long v in map.Values) sum += v;
        long expected = 0;
        foreach (long v in model.Values) expected += v;
        Assert.Equal(expected, sum);
    }

    [Theory]
    [InlineData("2001:db8::/32", 0u)]
    [InlineData("2001:db8:1234:5678::/64", 0u)]
    [InlineData("::/0", 0u)]
    [InlineData("ffff:ffff:ffff:ffff::/64", (1u << 24) - 1)]
    [InlineData("2a00:1450::/29", 7u)]
    public void PackedV6Key_RoutesUpToSlash64_RoundTrip(string prefix, uint pathId)
    {
        var nlri = new Nlri(Prefix.Parse(prefix), pathId);
        Assert.True(PackedV6Key.TryPack(nlri, out var key));
        Assert.False(key.IsFree);
        Assert.Equal(nlri, key.ToNlri());
        var map = new NlriMap<int>();
        map.GetValueRefOrAddDefault(nlri, out _) = 5;
        Assert.Equal(1, map.Ipv6.Count);
        Assert.Equal(0, map.OtherCount);
        Assert.Equal([(nlri, 5)], map.Snapshot());
    }

    [Theory]
    [InlineData("2001:db8::/65", 0u)]
    [InlineData("2001:db8::1/128", 0u)]
    [InlineData("2001:db8::/48", 1u << 24)]
    [InlineData("10.0.0.0/8", uint.MaxValue)]
    public void NlriMap_LongIpv6OrLargePathId_UsesFallbackAndRoundTrips(string prefix, uint pathId)
    {
        var nlri = new Nlri(Prefix.Parse(prefix), pathId);
        Assert.False(PackedV6Key.TryPack(nlri, out _));
        var map = new NlriMap<int>();
        map.GetValueRefOrAddDefault(nlri, out _) = 9;
        Assert.Equal(1, map.OtherCount);
        Assert.Equal(0, map.Ipv4.Count + map.Ipv6.Count);
        Assert.True(map.TryGetValue(nlri, out int v) && v == 9);
        Assert.Equal([(nlri, 9)], map.Snapshot());
        Assert.True(map.Remove(nlri));
        Assert.Equal(0, map.Count);
    }

    [Fact]
    public void PackedKeys_FreeMarker_NeverEqualsARoute()
    {
        var v4 = PackedV4Key.FreeLink(-1);
        Assert.True(v4.IsFree);
        Assert.Equal(-1, v4.NextFree);
        Assert.Equal(12345, PackedV4Key.FreeLink(12345).NextFree);
        var v6 = PackedV6Key.FreeLink(int.MaxValue);
        Assert.True(v6.IsFree);
        Assert.Equal(int.MaxValue, v6.NextFree);
        Assert.True(CompactNlri.TryPack(new Nlri(Prefix.V4(0xFFFFFFFF, 32), CompactNlri.MaxPathId), out ulong packed));
        Assert.False(new PackedV4Key(packed).IsFree);
    }

    [Fact]
    public void Remove_ThenAdd_ReusesFreedEntriesWithoutNewChunks()
    {
        var map = new NlriMap<int>();
        for (int i = 0; i < 3 * 8192; i++) map.GetValueRefOrAddDefault(V4(i), out _) = i;
        int chunks = map.Ipv4.ChunkCount;
        for (int i = 0; i < 3 * 8192; i += 2) Assert.True(map.Remove(V4(i)));
        for (int i = 0; i < 3 * 8192; i += 2) map.GetValueRefOrAddDefault(V4(i + 1_000_000), out _) = i;
        Assert.Equal(chunks, map.Ipv4.ChunkCount);
        Assert.Equal(3 * 8192, map.Count);
    }

    [Fact]
    public void Reset_AfterAFullTableOfBothFamilies_GivesStorageBack()
    {
        var map = new NlriMap<string>();
        for (int i = 0; i < 20_000; i++)
        {
            map.GetValueRefOrAddDefault(V4(i), out _) = "a";
            map.GetValueRefOrAddDefault(new Nlri(Prefix.V6((ulong)i << 16, 0, 48)), out _) = "b";
        }
        Assert.True(map.Ipv4.ChunkCount >= 3 && map.Ipv6.ChunkCount >= 3);
        map.Reset();
        Assert.Equal(0, map.Count);
        Assert.Equal(0, map.Capacity);
        Assert.Equal(0, map.Ipv4.ChunkCount + map.Ipv6.ChunkCount);
        Assert.Equal(0, map.Ipv4.BucketCount + map.Ipv6.BucketCount);
        Assert.False(map.ContainsKey(V4(3)));
        map.GetValueRefOrAddDefault(V4(3), out _) = "c";
        Assert.True(map.TryGetValue(V4(3), out var c) && c == "c");
    }

    [Fact]
    public void EnsureCapacity_ThenFill_NeverRehashes()
    {
        var map = new NlriMap<int>();
        map.EnsureCapacity(ipv6: false, 100_000);
        int buckets = map.Ipv4.BucketCount;
        int chunks = map.Ipv4.ChunkCount;
        Assert.True(map.Capacity >= 100_000);
        for (int i = 0; i < 100_000; i++) map.GetValueRefOrAddDefault(V4(i), out _) = i;
        Assert.Equal(buckets, map.Ipv4.BucketCount);
        Assert.Equal(chunks, map.Ipv4.ChunkCount);
    }

    [Fact]
    public void Remove_ValueHoldingReference_ClearsTheFreedEntry()
    {
        var map = new NlriMap<object>();
        var weak = AddAndRemove(map);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.False(weak.IsAlive);
        GC.KeepAlive(map);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference AddAndRemove(NlriMap<object> map)
    {
        var value = new object();
        map.GetValueRefOrAddDefault(V4(1), out _) = value;
        map.GetValueRefOrAddDefault(V4(2), out _) = "keep";
        Assert.True(map.Remove(V4(1)));
        return new WeakReference(value);
    }
}

using Bgp.Protocol;
using Bgp.Rib.Export;

namespace Bgp.Rib.Tests.Export;

public class NlriMapTests
{
    // Around the packing boundaries: the path id's 24 bits, the 32-bit address's top bit, /0 and /32, IPv6.
    public static TheoryData<string, uint> Keys => new()
    {
        { "0.0.0.0/0", 0 },
        { "10.1.0.0/16", 0 },
        { "10.1.0.0/16", 1 },
        { "10.1.0.0/24", 1 },
        { "255.255.255.255/32", 0 },
        { "128.0.0.0/1", (1u << 24) - 1 },
        { "128.0.0.0/1", 1u << 24 },
        { "10.1.0.0/16", uint.MaxValue },
        { "2001:db8::/32", 0 },
        { "2001:db8::/32", 7 },
    };

    [Fact]
    public void AddLookupRemove_KeysAcrossPackingBoundaries_KeepDistinctEntries()
    {
        var map = new NlriMap<int>();
        var keys = new List<Nlri>();
        foreach (var row in Keys) keys.Add(new Nlri(Prefix.Parse((string)row[0]), (uint)row[1]));
        for (int i = 0; i < keys.Count; i++)
        {
            ref int v = ref map.GetValueRefOrAddDefault(keys[i], out bool exists);
            Assert.False(exists);
            v = i + 1;
        }
        Assert.Equal(keys.Count, map.Count);
        for (int i = 0; i < keys.Count; i++)
        {
            Assert.True(map.TryGetValue(keys[i], out int v));
            Assert.Equal(i + 1, v);
        }
        // Enumeration gives back the same Nlri values, packed or not.
        var snapshot = map.Snapshot();
        Assert.Equal(keys.Count, snapshot.Count);
        foreach (var (nlri, value) in snapshot) Assert.Equal(keys[value - 1], nlri);

        Assert.True(map.Remove(keys[2], out int removed));
        Assert.Equal(3, removed);
        Assert.False(map.ContainsKey(keys[2]));
        Assert.True(map.ContainsKey(keys[1]));
        Assert.False(map.Remove(keys[2]));
        Assert.Equal(keys.Count - 1, map.Count);
    }

    [Fact]
    public void Reset_AfterManyEntries_EmptiesMap()
    {
        var map = new NlriMap<int>();
        for (uint i = 0; i < 10_000; i++) map.GetValueRefOrAddDefault(new Nlri(Prefix.V4(i << 8, 24)), out _) = 1;
        map.Reset();
        Assert.Equal(0, map.Count);
        Assert.False(map.ContainsKey(new Nlri(Prefix.V4(5 << 8, 24))));
    }

    [Fact]
    public void TrimExcess_AfterGrowthAndRemovals_KeepsEveryEntryWithinAnEighthOfHeadroom()
    {
        var map = new NlriMap<int>();
        for (int i = 0; i < 20_000; i++) map.GetValueRefOrAddDefault(new Nlri(Prefix.V4((uint)i << 8, 24)), out _) = i;
        for (int i = 0; i < 20_000; i += 2) Assert.True(map.Remove(new Nlri(Prefix.V4((uint)i << 8, 24))));
        Assert.True(map.Capacity >= 20_000);
        map.TrimExcess();
        // An eighth of headroom, rounded up to Dictionary's next prime size (steps of about a fifth).
        Assert.InRange(map.Capacity, 10_000, 10_000 * 14 / 10);
        for (int i = 1; i < 20_000; i += 2)
            Assert.True(map.TryGetValue(new Nlri(Prefix.V4((uint)i << 8, 24)), out int v) && v == i);
        // Already trimmed: a second call keeps the storage.
        int capacity = map.Capacity;
        map.TrimExcess();
        Assert.Equal(capacity, map.Capacity);
    }
}

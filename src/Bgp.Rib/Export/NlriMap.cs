using System.Runtime.InteropServices;
using Bgp.Protocol;

namespace Bgp.Rib.Export;

/// <summary>
/// A map from <see cref="Nlri"/> to <typeparamref name="T"/> that stores IPv4 routes compactly. An Nlri is
/// 32 octets (a 24-octet <see cref="Prefix"/> sized for IPv6, and the path id), so a
/// <c>Dictionary&lt;Nlri, T&gt;</c> entry is 40 octets plus the value. Every peer's Adj-RIB-Out has one
/// entry per route it was sent, so a route reflector with 50 clients and a 100,000-prefix table held
/// 5 million of them. An IPv4 route with a path id below 2^24 (every route without ADD-PATH) packs into
/// a ulong (address, path id, length), which takes an entry down to 16 octets plus the value; the rest
/// (IPv6, large path ids) go to an ordinary dictionary.
/// </summary>
internal sealed class NlriMap<T>
{
    private Dictionary<ulong, T> _compact = [];
    private Dictionary<Nlri, T> _other = [];

    public int Count => _compact.Count + _other.Count;

    /// <summary>Entries the storage holds without growing.</summary>
    public int Capacity => _compact.Capacity + _other.Capacity;

    public bool TryGetValue(Nlri nlri, out T value) =>
        CompactNlri.TryPack(nlri, out ulong key) ? _compact.TryGetValue(key, out value!) : _other.TryGetValue(nlri, out value!);

    public bool ContainsKey(Nlri nlri) =>
        CompactNlri.TryPack(nlri, out ulong key) ? _compact.ContainsKey(key) : _other.ContainsKey(nlri);

    /// <summary>The value of <paramref name="nlri"/>, added as default when absent (see CollectionsMarshal).</summary>
    public ref T? GetValueRefOrAddDefault(Nlri nlri, out bool exists) =>
        ref CompactNlri.TryPack(nlri, out ulong key)
            ? ref CollectionsMarshal.GetValueRefOrAddDefault(_compact, key, out exists)
            : ref CollectionsMarshal.GetValueRefOrAddDefault(_other, nlri, out exists);

    /// <summary>The value of <paramref name="nlri"/>, or a null reference (check with Unsafe.IsNullRef).</summary>
    public ref T GetValueRefOrNullRef(Nlri nlri) =>
        ref CompactNlri.TryPack(nlri, out ulong key)
            ? ref CollectionsMarshal.GetValueRefOrNullRef(_compact, key)
            : ref CollectionsMarshal.GetValueRefOrNullRef(_other, nlri);

    public bool Remove(Nlri nlri) => CompactNlri.TryPack(nlri, out ulong key) ? _compact.Remove(key) : _other.Remove(nlri);

    public bool Remove(Nlri nlri, out T value) =>
        CompactNlri.TryPack(nlri, out ulong key) ? _compact.Remove(key, out value!) : _other.Remove(nlri, out value!);

    /// <summary>The values of the packed keys; with <see cref="OtherValues"/>, every value (for giving references back without copying them out).</summary>
    public Dictionary<ulong, T>.ValueCollection PackedValues => _compact.Values;

    public Dictionary<Nlri, T>.ValueCollection OtherValues => _other.Values;

    /// <summary>Every entry; the map must not change while the result is used.</summary>
    public List<(Nlri Nlri, T Value)> Snapshot()
    {
        var list = new List<(Nlri, T)>(Count);
        foreach (var (key, value) in _compact) list.Add((CompactNlri.Unpack(key), value));
        foreach (var (nlri, value) in _other) list.Add((nlri, value));
        return list;
    }

    /// <summary>
    /// Empties the map and gives its storage back. Dictionary.Clear keeps the capacity, so a map that once
    /// held a whole table (the pending changes of an initial dump) would keep that memory for the life of
    /// the session.
    /// </summary>
    public void Reset()
    {
        if (_compact.Count == 0 && _other.Count == 0 && _compact.Capacity <= 16 && _other.Capacity <= 16) return;
        _compact = [];
        _other = [];
    }

    /// <summary>
    /// Makes room for <paramref name="count"/> entries of IPv4 (packed) or IPv6 routes without growing on
    /// the way: a Dictionary filled from empty allocates about twice its final storage in the arrays it
    /// outgrows.
    /// </summary>
    public void EnsureCapacity(bool ipv6, int count)
    {
        if (ipv6) _other.EnsureCapacity(_other.Count + count);
        else _compact.EnsureCapacity(_compact.Count + count);
    }

    /// <summary>
    /// Gives back the growth slack of a map that has reached its working size (a whole table after the
    /// initial dump). A Dictionary grows by doubling only when full, so after a dump it holds anywhere from
    /// 1x to 2x the entries' worth of storage for the life of the session (28 octets per slot for the
    /// packed keys). Trimming keeps an eighth of headroom so a table that churns a little does not grow
    /// back at once, and skips maps within a quarter of their size (Dictionary grows to the prime above
    /// twice its count, about 1.4x a 1M-route table after the dump; a repeated call on a trimmed map is a
    /// no-op, as Dictionary.TrimExcess never reallocates to an equal or larger size).
    /// </summary>
    public void TrimExcess()
    {
        Trim(_compact);
        Trim(_other);
    }

    private static void Trim<TKey>(Dictionary<TKey, T> map) where TKey : notnull
    {
        int count = map.Count;
        if (count >= 1024 && map.Capacity > count + count / 4) map.TrimExcess(count + count / 8);
    }
}

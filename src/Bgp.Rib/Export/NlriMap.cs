using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Bgp.Protocol;

namespace Bgp.Rib.Export;

/// <summary>
/// A map from <see cref="Nlri"/> to <typeparamref name="T"/> that stores routes compactly. An Nlri is
/// 32 octets (a 24-octet <see cref="Prefix"/> sized for IPv6, and the path id), so a
/// <c>Dictionary&lt;Nlri, T&gt;</c> entry is 40 octets plus the value. Every peer's Adj-RIB-Out has one
/// entry per route it was sent, so a route reflector with 50 clients and a 100,000-prefix table held
/// 5 million of them. An IPv4 route with a path id below 2^24 (every route without ADD-PATH) packs into
/// a ulong (<see cref="PackedV4Key"/>), an IPv6 route of at most /64 with such a path id into 16 octets
/// (<see cref="PackedV6Key"/>); both live in a <see cref="PackedMap{TKey, T}"/>, whose entries are never
/// copied when it grows. The rest (IPv6 longer than /64, large path ids) are rare and go to an ordinary
/// dictionary.
/// </summary>
internal sealed class NlriMap<T>
{
    private PackedMap<PackedV4Key, T> _v4 = new();
    private PackedMap<PackedV6Key, T> _v6 = new();
    private Dictionary<Nlri, T> _other = [];

    public int Count => _v4.Count + _v6.Count + _other.Count;

    /// <summary>Entries the storage holds without growing.</summary>
    public int Capacity => _v4.Capacity + _v6.Capacity + _other.Capacity;

    /// <summary>The packed maps, for tests of growth.</summary>
    internal PackedMap<PackedV4Key, T> Ipv4 => _v4;

    internal PackedMap<PackedV6Key, T> Ipv6 => _v6;

    /// <summary>Routes held in the fallback dictionary (IPv6 longer than /64, path ids of 2^24 and more).</summary>
    internal int OtherCount => _other.Count;

    public bool TryGetValue(Nlri nlri, out T value)
    {
        ref T slot = ref GetValueRefOrNullRef(nlri);
        if (Unsafe.IsNullRef(ref slot))
        {
            value = default!;
            return false;
        }
        value = slot;
        return true;
    }

    public bool ContainsKey(Nlri nlri) => !Unsafe.IsNullRef(ref GetValueRefOrNullRef(nlri));

    /// <summary>The value of <paramref name="nlri"/>, added as default when absent (see CollectionsMarshal).</summary>
    public ref T? GetValueRefOrAddDefault(Nlri nlri, out bool exists)
    {
        if (CompactNlri.TryPack(nlri, out ulong v4)) return ref _v4.GetValueRefOrAddDefault(new PackedV4Key(v4), out exists)!;
        if (PackedV6Key.TryPack(nlri, out var v6)) return ref _v6.GetValueRefOrAddDefault(v6, out exists)!;
        return ref CollectionsMarshal.GetValueRefOrAddDefault(_other, nlri, out exists);
    }

    /// <summary>The value of <paramref name="nlri"/>, or a null reference (check with Unsafe.IsNullRef).</summary>
    public ref T GetValueRefOrNullRef(Nlri nlri)
    {
        if (CompactNlri.TryPack(nlri, out ulong v4)) return ref _v4.GetValueRefOrNullRef(new PackedV4Key(v4));
        if (PackedV6Key.TryPack(nlri, out var v6)) return ref _v6.GetValueRefOrNullRef(v6);
        return ref CollectionsMarshal.GetValueRefOrNullRef(_other, nlri);
    }

    public bool Remove(Nlri nlri) => Remove(nlri, out _);

    public bool Remove(Nlri nlri, out T value)
    {
        if (CompactNlri.TryPack(nlri, out ulong v4)) return _v4.Remove(new PackedV4Key(v4), out value);
        if (PackedV6Key.TryPack(nlri, out var v6)) return _v6.Remove(v6, out value);
        return _other.Remove(nlri, out value!);
    }

    /// <summary>Every value, for giving references back without copying them out; the map must not change meanwhile.</summary>
    public ValueEnumerable Values => new(this);

    /// <summary>Every entry; the map must not change while the result is used.</summary>
    public List<(Nlri Nlri, T Value)> Snapshot()
    {
        var list = new List<(Nlri, T)>(Count);
        foreach (var (key, value) in _v4) list.Add((key.ToNlri(), value));
        foreach (var (key, value) in _v6) list.Add((key.ToNlri(), value));
        foreach (var (nlri, value) in _other) list.Add((nlri, value));
        return list;
    }

    /// <summary>
    /// Empties the map and gives its storage back, so that a map that once held a whole table (the pending
    /// changes of an initial dump) does not keep that memory for the life of the session.
    /// </summary>
    public void Reset()
    {
        // An empty map with small storage is kept: the pending map drains to empty after every write, and a
        // peer with a little churn would otherwise allocate a fresh map each time.
        if (_v4.Count > 0 || _v4.Capacity > SmallCapacity) _v4 = new();
        if (_v6.Count > 0 || _v6.Capacity > SmallCapacity) _v6 = new();
        if (_other.Count > 0 || _other.Capacity > SmallCapacity) _other = [];
    }

    private const int SmallCapacity = 64;

    /// <summary>
    /// Makes room for <paramref name="count"/> more IPv4 or IPv6 routes: the buckets are sized once instead of
    /// being rehashed at every doubling on the way (the entries never move either way).
    /// </summary>
    public void EnsureCapacity(bool ipv6, int count)
    {
        if (ipv6) _v6.EnsureCapacity(_v6.Count + count);
        else _v4.EnsureCapacity(_v4.Count + count);
    }

    /// <summary>
    /// Gives back the slack of a map that has reached its working size (a whole table after the initial
    /// dump): freed entries (compacted when at least a chunk and a quarter are free) and buckets beyond the
    /// load factor for the count plus an eighth (see <see cref="PackedMap{TKey, T}.TrimExcess"/>). Entry
    /// storage has at most one 8192-entry chunk of growth slack anyway.
    /// </summary>
    public void TrimExcess()
    {
        _v4.TrimExcess();
        _v6.TrimExcess();
        int count = _other.Count;
        if (count >= 1024 && _other.Capacity > count + count / 4) _other.TrimExcess(count + count / 8);
    }

    /// <summary>The values of the three stores in turn; a struct, so a foreach allocates nothing.</summary>
    public readonly struct ValueEnumerable(NlriMap<T> map)
    {
        public ValueEnumerator GetEnumerator() => new(map);
    }

    public struct ValueEnumerator(NlriMap<T> map)
    {
        private PackedMap<PackedV4Key, T>.Enumerator _v4 = map._v4.GetEnumerator();
        private PackedMap<PackedV6Key, T>.Enumerator _v6 = map._v6.GetEnumerator();
        private Dictionary<Nlri, T>.ValueCollection.Enumerator _other = map._other.Values.GetEnumerator();
        private int _stage;

        public T Current { get; private set; } = default!;

        public bool MoveNext()
        {
            if (_stage == 0)
            {
                if (_v4.MoveNext())
                {
                    Current = _v4.Current.Value;
                    return true;
                }
                _stage = 1;
            }
            if (_stage == 1)
            {
                if (_v6.MoveNext())
                {
                    Current = _v6.Current.Value;
                    return true;
                }
                _stage = 2;
            }
            if (_other.MoveNext())
            {
                Current = _other.Current;
                return true;
            }
            return false;
        }
    }
}

using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Bgp.Protocol.Attributes;

namespace Bgp.Rib;

/// <summary>
/// Returns one canonical <see cref="RouteAttributes"/> for every equal (attributes, next hop) pair, as
/// BIRD's attribute cache and OpenBGPD's refcounted <c>rde_aspath</c> do: thousands of prefixes share
/// one set, memory per route stays a few words, and grouping prefixes into one UPDATE later is a
/// reference comparison. Reference counted: each RIB entry holding a set owns one reference, and the
/// set leaves the table when the last one is released. Owned by the RIB's single writer (no locking).
/// <para>
/// It also counts the sets per next hop, so that the RIB knows which next hops it depends on (the ones an
/// IGP has to resolve, RFC 4271 9.1.2.1) and tells its <see cref="NextHopListener"/> when one comes into
/// use or goes out of use. The count moves only when a set is created or forgotten, so a route that shares
/// an existing set costs nothing more. A null next hop (our own routes) is not counted. The first instance
/// of a next hop is kept with its count and every later set through an equal address gets that instance:
/// a full-table feed decodes one IPAddress per UPDATE, and before, each interned set kept its own (issue #7:
/// 300k IPAddress objects, 12 MB, for 4 distinct next hops).
/// </para>
/// <para>
/// Every held set has a small id (<see cref="RouteAttributes.Id"/>, from 1; 0 means none) and
/// <see cref="this[int]"/> maps it back. The Loc-RIB's path slots store the id instead of a reference
/// (issue #7: 28 bytes per path instead of 32, and with no reference in them the GC no longer has to trace the
/// path store, 165 MB for 5M paths, during a full collection). An id is given back when its set is
/// forgotten and handed out again to a later set, so it names a set only while that set is held: a holder
/// must own a reference, as a path slot does.
/// </para>
/// </summary>
public sealed class AttributeInterner
{
    private readonly HashSet<RouteAttributes> _sets = new(RouteAttributesComparer.Instance);
    private readonly HashSet<RouteAttributes>.AlternateLookup<AttributeKey> _lookup;
    /// <summary>Per next hop in use: the instance every set through it shares, and how many sets do.</summary>
    private readonly Dictionary<IPAddress, (IPAddress Canonical, int Sets)> _setsPerNextHop = [];
    /// <summary>Id to held set; slot 0 stays null. Chunked so that growth copies nothing.</summary>
    private ChunkedArray<RouteAttributes?> _byId;
    /// <summary>The next id never handed out.</summary>
    private int _idHigh = 1;
    /// <summary>Ids of forgotten sets, handed out again before new ones so that the table stays dense.</summary>
    private readonly Stack<int> _freeIds = new();
    // The last Intern call's arguments and answer. Every route of an UPDATE comes with the same decoded set
    // (one PathAttributes instance) unless a policy rewrote it, so the routes after the first are answered
    // without hashing and comparing the set again: the lookup was 3.4 % of bgpd's CPU in a full-table load.
    private PathAttributes? _lastAttributes;
    private IPAddress? _lastNextHop;
    private RouteAttributes? _lastSet;

    public AttributeInterner() => _lookup = _sets.GetAlternateLookup<AttributeKey>();

    /// <summary>Number of distinct sets currently held.</summary>
    public int Count => _sets.Count;

    /// <summary>Number of distinct next hops the held sets go through.</summary>
    public int NextHopCount => _setsPerNextHop.Count;

    /// <summary>The held set with id <paramref name="id"/> (not 0, and only while the caller holds a reference to it).</summary>
    internal RouteAttributes this[int id]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _byId[id]!;
    }

    /// <summary>Whether <paramref name="set"/> is held by this interner (under its id): a bounds-checked test for callers' input.</summary>
    internal bool Holds(RouteAttributes set) =>
        set.Id > 0 && set.Id < _idHigh && ReferenceEquals(_byId[set.Id], set);

    /// <summary>Told when a next hop comes into use and goes out of use; null when nobody asks.</summary>
    public INextHopUseListener? NextHopListener { get; set; }

    /// <summary>True while at least one held set goes through <paramref name="nextHop"/>.</summary>
    public bool IsNextHopInUse(IPAddress nextHop)
    {
        ArgumentNullException.ThrowIfNull(nextHop);
        return _setsPerNextHop.ContainsKey(nextHop);
    }

    /// <summary>Adds every next hop in use to <paramref name="into"/>.</summary>
    public void CopyNextHops(List<IPAddress> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        foreach (var hop in _setsPerNextHop.Keys) into.Add(hop);
    }

    /// <summary>
    /// The canonical set equal to <paramref name="attributes"/> with <paramref name="nextHop"/> (or its
    /// NEXT_HOP when null), with one reference added that the caller owns and must hand to a RIB entry
    /// or give back with <see cref="Release"/>.
    /// </summary>
    public RouteAttributes Intern(PathAttributes attributes, IPAddress? nextHop = null)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        // The same instances as last time are equal to them (PathAttributes is immutable); the set must still be
        // held, since a set released to zero is forgotten and its id handed out again.
        if (ReferenceEquals(attributes, _lastAttributes) && ReferenceEquals(nextHop, _lastNextHop) && _lastSet is { ReferenceCount: > 0 } last)
        {
            last.ReferenceCount++;
            return last;
        }
        var asked = attributes;
        var key = new AttributeKey(attributes, nextHop);
        if (!_lookup.TryGetValue(key, out var set))
        {
            IPAddress? hop = key.NextHop is { } h ? CountIn(h) : null;
            // For IPv4 the route's next hop is the set's NEXT_HOP: unless that one shares the instance too,
            // the set keeps the decoder's copy alive and nothing is saved. One shallow copy per new set.
            if (hop is not null && attributes.NextHop is { } own && !ReferenceEquals(own, hop) && own.Equals(hop))
                attributes = attributes with { NextHop = hop };
            set = new RouteAttributes(attributes, hop) { Id = TakeId() };
            _byId[set.Id] = set;
            _sets.Add(set);
        }
        set.ReferenceCount++;
        // All three together once the answer exists: if the creation above threw (the next-hop listener, the
        // id table's growth), the previous answer must not stay paired with these arguments.
        _lastAttributes = asked;
        _lastNextHop = nextHop;
        _lastSet = set;
        return set;
    }

    /// <summary>Adds a reference to a set already interned here.</summary>
    public void AddReference(RouteAttributes set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.ReferenceCount <= 0) throw new InvalidOperationException("set is not held by this interner");
        set.ReferenceCount++;
    }

    /// <summary>Gives one reference back; the set is forgotten when none are left.</summary>
    public void Release(RouteAttributes set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.ReferenceCount <= 0) throw new InvalidOperationException("set released more often than interned");
        if (--set.ReferenceCount != 0) return;
        _sets.Remove(set);
        _byId[set.Id] = null;
        _freeIds.Push(set.Id);
        set.Id = 0;
        if (set.NextHop is { } hop) CountOut(hop);
    }

    private int TakeId()
    {
        if (_freeIds.TryPop(out int id)) return id;
        while (_idHigh >= _byId.Capacity) _byId.Grow();
        return _idHigh++;
    }

    /// <summary>Counts one more set through <paramref name="hop"/> and returns the instance they all share.</summary>
    private IPAddress CountIn(IPAddress hop)
    {
        ref var use = ref CollectionsMarshal.GetValueRefOrAddDefault(_setsPerNextHop, hop, out bool existed);
        if (!existed) use.Canonical = hop;
        use.Sets++;
        var canonical = use.Canonical;
        if (!existed) NextHopListener?.NextHopUsed(canonical);
        return canonical;
    }

    private void CountOut(IPAddress hop)
    {
        ref var use = ref CollectionsMarshal.GetValueRefOrNullRef(_setsPerNextHop, hop);
        if (Unsafe.IsNullRef(ref use)) throw new InvalidOperationException("next hop count lost");
        if (--use.Sets > 0) return;
        _setsPerNextHop.Remove(hop);
        NextHopListener?.NextHopUnused(hop);
    }
}

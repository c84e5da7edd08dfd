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
/// an existing set costs nothing more. A null next hop (our own routes) is not counted.
/// </para>
/// </summary>
public sealed class AttributeInterner
{
    private readonly HashSet<RouteAttributes> _sets = new(RouteAttributesComparer.Instance);
    private readonly HashSet<RouteAttributes>.AlternateLookup<AttributeKey> _lookup;
    private readonly Dictionary<IPAddress, int> _setsPerNextHop = [];

    public AttributeInterner() => _lookup = _sets.GetAlternateLookup<AttributeKey>();

    /// <summary>Number of distinct sets currently held.</summary>
    public int Count => _sets.Count;

    /// <summary>Number of distinct next hops the held sets go through.</summary>
    public int NextHopCount => _setsPerNextHop.Count;

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
        var key = new AttributeKey(attributes, nextHop);
        if (!_lookup.TryGetValue(key, out var set))
        {
            set = new RouteAttributes(attributes, key.NextHop);
            _sets.Add(set);
            if (set.NextHop is { } hop) CountIn(hop);
        }
        set.ReferenceCount++;
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
        if (set.NextHop is { } hop) CountOut(hop);
    }

    private void CountIn(IPAddress hop)
    {
        ref int n = ref CollectionsMarshal.GetValueRefOrAddDefault(_setsPerNextHop, hop, out bool existed);
        n++;
        if (!existed) NextHopListener?.NextHopUsed(hop);
    }

    private void CountOut(IPAddress hop)
    {
        ref int n = ref CollectionsMarshal.GetValueRefOrNullRef(_setsPerNextHop, hop);
        if (Unsafe.IsNullRef(ref n)) throw new InvalidOperationException("next hop count lost");
        if (--n > 0) return;
        _setsPerNextHop.Remove(hop);
        NextHopListener?.NextHopUnused(hop);
    }
}

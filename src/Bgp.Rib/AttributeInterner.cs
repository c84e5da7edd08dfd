using System.Net;
using Bgp.Protocol.Attributes;

namespace Bgp.Rib;

/// <summary>
/// Returns one canonical <see cref="RouteAttributes"/> for every equal (attributes, next hop) pair, as
/// BIRD's attribute cache and OpenBGPD's refcounted <c>rde_aspath</c> do: thousands of prefixes share
/// one set, memory per route stays a few words, and grouping prefixes into one UPDATE later is a
/// reference comparison. Reference counted: each RIB entry holding a set owns one reference, and the
/// set leaves the table when the last one is released. Owned by the RIB's single writer (no locking).
/// </summary>
public sealed class AttributeInterner
{
    private readonly HashSet<RouteAttributes> _sets = new(RouteAttributesComparer.Instance);
    private readonly HashSet<RouteAttributes>.AlternateLookup<AttributeKey> _lookup;

    public AttributeInterner() => _lookup = _sets.GetAlternateLookup<AttributeKey>();

    /// <summary>Number of distinct sets currently held.</summary>
    public int Count => _sets.Count;

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
        if (--set.ReferenceCount == 0) _sets.Remove(set);
    }
}

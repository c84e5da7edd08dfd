using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;

namespace Bgp.Rib.Export;

/// <summary>
/// One canonical <see cref="ExportedRoute"/> per equal export result, shared by every peer's Adj-RIB-Out
/// (peers with the same export result then share the instance, and an UPDATE for it could be encoded once
/// for all of them). Reference counted like <see cref="AttributeInterner"/>: each Adj-RIB-Out entry, sent
/// or pending, owns one reference. Owned by the RIB's single writer.
/// </summary>
public sealed class ExportInterner
{
    private readonly HashSet<ExportedRoute> _sets = new(ExportedRouteComparer.Instance);
    private readonly HashSet<ExportedRoute>.AlternateLookup<ExportKey> _lookup;

    public ExportInterner() => _lookup = _sets.GetAlternateLookup<ExportKey>();

    public int Count => _sets.Count;

    /// <summary>Drained pending groups shared by the Adj-RIBs-Out that use this interner (same single writer).</summary>
    internal PendingGroupPool SpareGroups { get; } = new();

    /// <summary>The canonical set for these values, with one reference the caller owns.</summary>
    public ExportedRoute Intern(Afi afi, PathAttributes attributes, IPAddress? nextHop, IPAddress? linkLocal = null)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        // Looked up by a struct key that carries its hash, so a set that exists costs no allocation (a candidate
        // ExportedRoute per call before: workload 1's Intern was 2.6 % of bgpd's samples) and the values are
        // hashed once per call, not once per probe; the new set keeps that hash for its Add and later Remove.
        var key = new ExportKey(afi, attributes, nextHop, linkLocal);
        if (!_lookup.TryGetValue(key, out var set))
        {
            set = new ExportedRoute(key);
            _sets.Add(set);
        }
        set.ReferenceCount++;
        return set;
    }

    public void AddReference(ExportedRoute set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.ReferenceCount <= 0) throw new InvalidOperationException("set is not held by this interner");
        set.ReferenceCount++;
    }

    public void Release(ExportedRoute set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.ReferenceCount <= 0) throw new InvalidOperationException("set released more often than interned");
        if (--set.ReferenceCount == 0) _sets.Remove(set);
    }
}

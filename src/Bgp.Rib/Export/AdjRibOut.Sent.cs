using Bgp.Protocol;

namespace Bgp.Rib.Export;

/// <summary>
/// The sent state (what the peer has from us), in one of two stores. Issue #7: a heap dump of bgpd with 4
/// full tables and 5 peers had about 150 MB of a 655 MB live heap in per-peer sent maps (an NlriMap entry
/// and its bucket, about 34 bytes per route per peer), and a route reflector with 50 clients about 170 MB of
/// a 363 MB peak; BIRD keeps a bit per route per channel. So, given the Loc-RIB's destination index of a
/// family (<see cref="IDestinationHolds"/>), a route without a path id (every route of a family sent without
/// ADD-PATH) is kept in an array indexed by destination: the set's interner handle plus one
/// (<see cref="ExportInterner.SetAt"/>), 0 for "not sent", 4 bytes per route per peer. The slot owns one
/// reference to its set, which keeps the set interned and so its handle bound to it: a handle is freed (and
/// may be reused by another set) only when the last reference goes, and every slot gives its reference back
/// only after it stops naming the handle (overwritten or cleared first). Handles rather than references
/// (workload 3, 50 clients x 100k routes: 40 MB of the 76 MB bgpd grew were 8-byte references) halve the
/// store, and with no references in it the store's full-size chunks are native (ChunkedArray) and a write
/// is a plain store: no GC write barrier or card marking, nothing for a collection to mark. The first write
/// of a slot holds its destination and the removal releases it, so a prefix whose last path left the
/// Loc-RIB is still found when its withdrawal is written. Routes with a path id (ADD-PATH
/// send, RFC 7911) and routes of a family without a source stay in the NlriMap, as does a route whose prefix
/// the index does not have when it is written (none in the engine; kept so that the store is total).
/// <para>
/// The array covers every destination index up to the highest one sent, so it pays only when the peer has a
/// good share of the table: a customer sent 2,000 prefixes spread over a 1M-prefix table would pay 4 MB for
/// what the map keeps in 70 kB. So a family starts in the map and moves to the array (<see cref="GoDense"/>)
/// once the peer has at least <see cref="DenseMinimum"/> of its routes and a quarter of the index's span
/// (where 4 bytes per index beats about 34 per entry); it does not move back while the session lasts.
/// </para>
/// </summary>
public sealed partial class AdjRibOut
{
    private readonly IDestinationHolds?[] _sources = new IDestinationHolds?[2];
    // A mutable struct per family, used in place through the array element: handle + 1 per destination, 0 = not sent.
    private readonly ChunkedArray<int>[] _slots = new ChunkedArray<int>[2];
    private readonly int[] _slotCount = new int[2];
    private readonly bool[] _dense = new bool[2];

    /// <summary>Routes of a family the map holds before the array may take over (tests use 0).</summary>
    internal int DenseMinimum { get; init; } = 256;

    /// <summary>Routes the peer has from us.</summary>
    public int SentCount => _sent.Count + _slotCount[0] + _slotCount[1];

    /// <summary>Sent routes kept by destination index rather than in the map (for tests).</summary>
    internal int SlotSentCount => _slotCount[0] + _slotCount[1];

    /// <summary>What the peer last got from us for <paramref name="nlri"/>.</summary>
    public bool TryGetSent(Nlri nlri, out ExportedRoute route)
    {
        var found = FindSlot(nlri, out int f, out int d) ? SentAt(f, d, nlri) : _sent.TryGetValue(nlri, out var m) ? m : null;
        route = found!;
        return found is not null;
    }

    private bool IsSent(Nlri nlri) => TryGetSent(nlri, out _);

    /// <summary>The destination of <paramref name="nlri"/> in its family's source, when its sent state goes there.</summary>
    private bool FindSlot(in Nlri nlri, out int family, out int d)
    {
        family = FamilyIndex(nlri.Prefix.Afi);
        d = -1;
        if (nlri.PathId != 0 || !_dense[family] || _sources[family] is not { } source) return false;
        d = source.FindDestinationIndex(nlri.Prefix);
        return d >= 0;
    }

    /// <summary>Records that the peer now has <paramref name="route"/> for <paramref name="nlri"/>, taking over one reference.</summary>
    private void SetSent(Nlri nlri, ExportedRoute route)
    {
        if (FindSlot(nlri, out int f, out int d))
        {
            SetSlot(f, d, nlri, route);
            return;
        }
        ref var sent = ref _sent.GetValueRefOrAddDefault(nlri, out bool existed);
        if (existed) _interner.Release(sent!);
        sent = route;
        if (!existed && nlri.PathId == 0) MaybeGoDense(f, MapCount(f));
    }

    /// <summary>Routes of family <paramref name="family"/> in the map's packed store (path id 0 or small ids).</summary>
    private int MapCount(int family) => family == 0 ? _sent.Ipv4.Count : _sent.Ipv6.Count;

    /// <summary>Moves the family to the array once <paramref name="routes"/> make it dense enough (see the class comment).</summary>
    private void MaybeGoDense(int family, int routes)
    {
        if (_dense[family] || _sources[family] is not { } source) return;
        if (routes < DenseMinimum || routes * 4L < source.DestinationSpan) return;
        GoDense(family);
    }

    /// <summary>From now on the family's routes without a path id live in the array; those in the map move over.</summary>
    private void GoDense(int family)
    {
        _dense[family] = true;
        var source = _sources[family]!;
        foreach (var (nlri, route) in _sent.Snapshot())
        {
            if (nlri.PathId != 0 || FamilyIndex(nlri.Prefix.Afi) != family) continue;
            int d = source.FindDestinationIndex(nlri.Prefix);
            // A prefix no longer indexed (its withdrawal not written yet) stays in the map.
            if (d < 0) continue;
            _sent.Remove(nlri);
            // The map's reference moves to the slot.
            Occupy(family, d, route);
        }
        // What the map grew to before the move would otherwise stay for the session (workload 5: 500 peers
        // each moved over at 500 routes, about 20 KiB apiece).
        if (_sent.Count == 0) _sent.Reset();
    }

    /// <summary>
    /// Records <paramref name="route"/> (its reference taken over) as sent for <paramref name="nlri"/> at destination
    /// <paramref name="d"/>. With <paramref name="pendingHold"/> the caller holds d for its pending change: an empty
    /// slot takes that hold over instead of its own, and the answer says so (true: the caller must not release it).
    /// </summary>
    private bool SetSlot(int f, int d, in Nlri nlri, ExportedRoute route, bool pendingHold = false)
    {
        ref var slots = ref _slots[f];
        if (d < slots.Capacity && slots[d] is int old and not 0)
        {
            // The slot names the new set before the old one's reference goes (its handle may be freed then).
            slots[d] = route.Handle + 1;
            _interner.Release(_interner.SetAt(old - 1)!);
            return false;
        }
        // A route written while its prefix was not indexed moves over.
        if (_sent.Count > 0 && _sent.Remove(nlri, out var moved)) _interner.Release(moved);
        Occupy(f, d, route, holdTaken: pendingHold);
        return pendingHold;
    }

    /// <summary>Forgets what the peer had for <paramref name="nlri"/> at destination <paramref name="d"/> (slot or map); the caller gets its reference.</summary>
    private bool RemoveSlot(int f, int d, in Nlri nlri, out ExportedRoute route)
    {
        ref var slots = ref _slots[f];
        if (d < slots.Capacity && slots[d] is int h and not 0)
        {
            // Read while the slot's reference still binds the handle; the caller releases it after the slot is clear.
            route = _interner.SetAt(h - 1)!;
            slots[d] = 0;
            _slotCount[f]--;
            // Last: the release may free the destination (its last path is gone, unless a pending hold keeps it).
            _sources[f]!.ReleaseDestination(d);
            return true;
        }
        return _sent.Remove(nlri, out route!);
    }

    /// <summary>
    /// Puts <paramref name="route"/> (its reference taken over) into the empty slot <paramref name="d"/>, holding the
    /// destination (with <paramref name="holdTaken"/>, by a hold the caller hands over).
    /// </summary>
    private void Occupy(int family, int d, ExportedRoute route, bool holdTaken = false)
    {
        ref var slots = ref _slots[family];
        while (slots.Capacity <= d) slots.Grow();
        slots[d] = route.Handle + 1;
        if (!holdTaken) _sources[family]!.HoldDestination(d);
        _slotCount[family]++;
    }

    /// <summary>
    /// Whether the peer has exactly <paramref name="route"/> (a set the caller holds a reference to) for
    /// <paramref name="nlri"/> at destination <paramref name="d"/>: one handle comparison for a slot.
    /// </summary>
    private bool IsSentAs(int f, int d, in Nlri nlri, ExportedRoute route)
    {
        ref var slots = ref _slots[f];
        if (d < slots.Capacity && slots[d] is int h and not 0) return h == route.Handle + 1;
        return _sent.Count > 0 && _sent.TryGetValue(nlri, out var m) && ReferenceEquals(m, route);
    }

    /// <summary>Forgets what the peer had for <paramref name="nlri"/>; the caller gets its reference.</summary>
    private bool RemoveSent(Nlri nlri, out ExportedRoute route)
    {
        if (FindSlot(nlri, out int f, out int d)) return RemoveSlot(f, d, nlri, out route);
        return _sent.Remove(nlri, out route!);
    }

    /// <summary>Gives back every sent reference and every hold, and the slot storage.</summary>
    private void ClearSent()
    {
        // Releasing touches only the interner, so the values can be walked in place.
        foreach (var route in _sent.Values) _interner.Release(route);
        _sent.Reset();
        for (int f = 0; f < 2; f++)
        {
            ref var slots = ref _slots[f];
            for (int d = 0; d < slots.Capacity && _slotCount[f] > 0; d++)
            {
                int h = slots[d];
                if (h == 0) continue;
                _slotCount[f]--;
                // The whole store goes below, so the slot is not cleared first: nothing reads it again.
                _interner.Release(_interner.SetAt(h - 1)!);
                _sources[f]!.ReleaseDestination(d);
            }
            // The native chunks go back to the arena now, not when this Adj-RIB-Out becomes garbage.
            slots.Release();
        }
        // A new session starts sparse again: what the old one was sent says nothing about the next.
        Array.Clear(_dense);
    }

    /// <summary>
    /// Gives back the slot store of a family that has nothing in it any more (every route withdrawn): it keeps
    /// the size of the table it once held, 4 bytes per destination, for the life of the session otherwise.
    /// The family stays dense; the store grows again from its first chunk when a route is sent.
    /// </summary>
    private void TrimSent()
    {
        for (int f = 0; f < 2; f++)
            if (_slotCount[f] == 0 && _slots[f].Capacity > 0) _slots[f].Release();
    }

    /// <summary>Destinations the slot store of <paramref name="afi"/> covers now (for tests of its storage).</summary>
    internal int SlotCapacity(Afi afi) => _slots[FamilyIndex(afi)].Capacity;

    /// <summary>Whether the slot store of <paramref name="afi"/> keeps its chunks in native memory (for tests).</summary>
    internal bool SlotsAreNative(Afi afi) => _slots[FamilyIndex(afi)].IsNative;
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Bgp.Protocol;

namespace Bgp.Rib.Export;

/// <summary>
/// Pending changes of a dense family (one whose sent state is in the slot store, AdjRibOut.Sent.cs) kept by
/// Loc-RIB destination index, with no hash map. Issue #7: in workload 3 (100k prefixes to 50 clients) the
/// pending NlriMap's Add/Remove/lookup were about 17 % of bgpd's profile, the group lists' growth 8.6 % and
/// finding the sent slot again at write time (a prefix hash lookup per route) 12 %.
/// <para>
/// A route without a path id whose prefix has destination index d is pending when bit d of the family's
/// pending bitset is set (1 bit per destination per peer). Its group entry is d alone (PendingGroup's dense
/// list); the prefix comes back from <see cref="IDestinationHolds.PrefixAt"/> when the UPDATE is written and
/// the sent slot is written by d. A pending d holds its destination (taken when the bit goes on, given back
/// when it goes off, written or cancelled), so a withdrawal after the prefix's last path left the Loc-RIB still
/// finds d, and d is not reused while pending.
/// </para>
/// <para>
/// Cancelling or re-pending leaves the old entry where it is (lazy deletion: no positions, no swap-remove).
/// An entry d of group G is current iff bit d is set and either no override is recorded for d or the override
/// is G. The override (d to the group of its latest change, or null for "nothing pending") is recorded when
/// d's entry may have gone stale (a cancel or a re-pend) and kept up to date on every later change of d; so
/// without an override d has at most one entry. The first current entry written clears the bit, which makes
/// any duplicate (a route re-pended A, B, then A again has two entries in A) stale. Every entry, current or
/// stale, holds one reference to its group's set, given back when the entry is dropped (stale) or moved to
/// the sent slot (written); so nothing needs to know d's current group to keep the references exact.
/// </para>
/// <para>
/// Stale entries go: as the writer meets them at a group's tail; all at once when nothing of the family is
/// pending any more (every entry left is stale; the overrides go with them); and by compaction of the
/// family's groups once stale entries outnumber the live ones by <see cref="CompactionSlack"/>, so a peer
/// that stops reading while routes flap keeps storage bounded by its live pendings. Compaction leaves exactly
/// one entry per pending route, so the overrides go then too.
/// </para>
/// <para>
/// Going dense (<see cref="GoDense"/>) does not move pending routes: those pending in the map when the family
/// goes dense stay there until written or cancelled, and so does every later change of them (the map is
/// asked first while it has any pending route, one lookup); new routes go pending by index. Moving them would
/// rewrite groups in the middle of a write (GoDense runs from SetSent), and the map drains at the next writes.
/// </para>
/// </summary>
public sealed partial class AdjRibOut
{
    /// <summary>Stale dense entries allowed beyond the live pendings before the family's groups are compacted.</summary>
    internal const int CompactionSlack = 1024;

    // Per family: the pending and resend (route refresh) bitsets by destination index, the overrides, the
    // pending routes (bits set) and the entries in the family's groups' dense lists (current or stale).
    private readonly ulong[]?[] _pendingBits = new ulong[]?[2];
    private readonly ulong[]?[] _resendBits = new ulong[]?[2];
    private readonly Dictionary<int, PendingGroup?>?[] _overrides = new Dictionary<int, PendingGroup?>?[2];
    private readonly int[] _denseLive = new int[2];
    private readonly int[] _denseEntries = new int[2];
    private readonly List<PendingGroup> _groupScratch = [];

    /// <summary>Entries in the dense lists of every group, stale ones included (for tests of compaction).</summary>
    internal int DenseEntryCount => _denseEntries[0] + _denseEntries[1];

    /// <summary>Routes pending by destination index (for tests).</summary>
    internal int DensePendingCount => _denseLive[0] + _denseLive[1];

    /// <summary>The caller of Announce or Withdraw does not know the destination index: look the prefix up.</summary>
    internal const int UnknownDestination = int.MinValue;

    /// <summary>
    /// The destination index a change of <paramref name="nlri"/> goes pending by, or -1 for the map: a route
    /// without a path id of a dense family whose prefix the index has, unless the map has it pending already.
    /// <paramref name="destination"/> is the prefix's index as the caller found it (-1 for none), or
    /// <see cref="UnknownDestination"/> to look it up here.
    /// </summary>
    private int DenseTarget(in Nlri nlri, int destination, out int family)
    {
        family = FamilyIndex(nlri.Prefix.Afi);
        if (nlri.PathId != 0 || !_dense[family] || _sources[family] is not { } source) return -1;
        int d = destination == UnknownDestination ? source.FindDestinationIndex(nlri.Prefix) : destination;
        if (d < 0 || (_pending.Count > 0 && _pending.ContainsKey(nlri))) return -1;
        return d;
    }

    private static bool TestBit(ulong[]? bits, int d) => bits is not null && (uint)(d >> 6) < (uint)bits.Length && (bits[d >> 6] & (1UL << d)) != 0;

    private static void ClearBit(ulong[]? bits, int d)
    {
        if (bits is not null && (uint)(d >> 6) < (uint)bits.Length) bits[d >> 6] &= ~(1UL << d);
    }

    /// <summary>The bitset <paramref name="bits"/> grown to cover index <paramref name="d"/> (and the source's span).</summary>
    private ulong[] Cover(ref ulong[]? bits, int family, int d)
    {
        if (bits is not null && (d >> 6) < bits.Length) return bits;
        int words = Math.Max(Math.Max(d, _sources[family]!.DestinationSpan) / 64 + 1, (bits?.Length ?? 0) * 2);
        Array.Resize(ref bits, words);
        return bits;
    }

    private void AnnounceDense(int f, int d, in Nlri nlri, ExportedRoute route)
    {
        bool pending = TestBit(_pendingBits[f], d);
        if (pending && _groups.TryGetValue(route, out var current) && current.LastDense == d && IsCurrent(f, d, current))
        {
            // Already pending with this very set (its entry is the group's last): keep it, drop the extra reference.
            _interner.Release(route);
            return;
        }
        // A route refresh resend stays pending even when the route comes back unchanged.
        if (!(pending && TestBit(_resendBits[f], d)) && IsSentAs(f, d, nlri, route))
        {
            // The peer has exactly this already: nothing to send.
            _interner.Release(route);
            if (pending) CancelDense(f, d);
            return;
        }
        PendDense(f, d, GroupFor(route), resend: false);
    }

    private void WithdrawDense(int f, int d, in Nlri nlri)
    {
        bool pending = TestBit(_pendingBits[f], d);
        var withdrawals = _withdrawals[f];
        if (pending && withdrawals.LastDense == d && IsCurrent(f, d, withdrawals))
            return; // a withdrawal is pending already
        // A withdrawal goes only for what was announced (RFC 4271 9.2 sends withdrawals for routes previously advertised).
        if (SentAt(f, d, nlri) is null)
        {
            if (pending) CancelDense(f, d);
            return;
        }
        // A resend bit stays (PendDense leaves it as it is for a pending d): a refresh owes the peer the route again
        // should it come back unchanged before the withdrawal is written.
        PendDense(f, d, withdrawals, resend: false);
    }

    /// <summary>What the peer has for <paramref name="nlri"/> at destination <paramref name="d"/>: the slot, or the map for a route written while not indexed.</summary>
    private ExportedRoute? SentAt(int f, int d, in Nlri nlri)
    {
        ref var slots = ref _slots[f];
        if (d < slots.Capacity && slots[d] is int h and not 0) return _interner.SetAt(h - 1);
        return _sent.Count > 0 && _sent.TryGetValue(nlri, out var m) ? m : null;
    }

    /// <summary>Appends <paramref name="d"/> to <paramref name="group"/> (the entry carries the caller's reference to the group's set) and makes it d's pending change.</summary>
    private void PendDense(int f, int d, PendingGroup group, bool resend)
    {
        if (group.DenseFull) GrowDense(group);
        group.AddDense(d);
        _denseEntries[f]++;
        var bits = Cover(ref _pendingBits[f], f, d);
        ref ulong word = ref bits[d >> 6];
        ulong mask = 1UL << d;
        if ((word & mask) == 0)
        {
            word |= mask;
            _sources[f]!.HoldDestination(d);
            _denseLive[f]++;
            _pendingPerFamily[f]++;
            // Stale entries of d exist exactly when an override does: it must name this group now.
            if (_overrides[f] is { Count: > 0 } overrides)
            {
                ref var target = ref CollectionsMarshal.GetValueRefOrNullRef(overrides, d);
                if (!Unsafe.IsNullRef(ref target)) target = group;
            }
            if (resend)
            {
                var resendBits = Cover(ref _resendBits[f], f, d);
                resendBits[d >> 6] |= mask;
            }
        }
        else
        {
            // Re-pended: the earlier entry is stale from now on (unless it is in this group too: a duplicate).
            (_overrides[f] ??= [])[d] = group;
        }
        if (group.Route is not null && !group.Queued)
        {
            group.Queued = true;
            _queue.Enqueue(group);
        }
        if (_denseEntries[f] - _denseLive[f] > _denseLive[f] + CompactionSlack) Compact(f);
    }

    /// <summary>Nothing is pending for <paramref name="d"/> any more; its entry stays, stale.</summary>
    private void CancelDense(int f, int d)
    {
        ClearBit(_pendingBits[f], d);
        (_overrides[f] ??= [])[d] = null;
        EndDense(f, d);
    }

    /// <summary>Bookkeeping of a pending <paramref name="d"/> whose bit was just cleared (written or cancelled).</summary>
    private void EndDense(int f, int d)
    {
        ClearBit(_resendBits[f], d);
        _denseLive[f]--;
        _pendingPerFamily[f]--;
        // Last: the release may free the destination (its last path is gone).
        _sources[f]!.ReleaseDestination(d);
        if (_denseLive[f] == 0 && _denseEntries[f] > 0) DropStale(f);
    }

    /// <summary>True when entry <paramref name="d"/> of <paramref name="group"/> is d's pending change.</summary>
    private bool IsCurrent(int f, int d, PendingGroup group) =>
        TestBit(_pendingBits[f], d)
        && (_overrides[f] is not { Count: > 0 } overrides || !overrides.TryGetValue(d, out var target) || ReferenceEquals(target, group));

    /// <summary>The family's groups with dense entries, withdrawals included, in a list reused from call to call.</summary>
    private List<PendingGroup> GroupsOf(int f)
    {
        // Reused: DropStale runs whenever a family's last pending route goes with stale entries left.
        var list = _groupScratch;
        list.Clear();
        list.Add(_withdrawals[f]);
        foreach (var g in _groups.Values)
            if (FamilyIndex(g.Afi) == f && g.Dense.Length > 0) list.Add(g);
        return list;
    }

    /// <summary>Nothing of the family is pending by index: every dense entry left is stale, and goes with the overrides.</summary>
    private void DropStale(int f)
    {
        foreach (var g in GroupsOf(f)) DropDense(f, g, g.Dense.Length);
        _groupScratch.Clear();
        _overrides[f]?.Clear();
    }

    /// <summary>Drops <paramref name="count"/> stale entries from the tail of <paramref name="group"/>'s dense list, giving their references back.</summary>
    private void DropDense(int f, PendingGroup group, int count)
    {
        if (count == 0) return;
        group.DropDenseTail(count);
        _denseEntries[f] -= count;
        if (group.Route is { } r)
            for (int i = 0; i < count; i++) _interner.Release(r);
    }

    /// <summary>
    /// Leaves exactly one entry (the first current one) per pending route in the family's groups. The bits
    /// serve as the "seen" marks while filtering and are set again after, so the overrides can go.
    /// </summary>
    private void Compact(int f)
    {
        var groups = GroupsOf(f);
        var bits = _pendingBits[f]!;
        foreach (var g in groups)
        {
            var dense = g.Dense;
            int kept = 0;
            foreach (int d in dense)
            {
                if (IsCurrent(f, d, g))
                {
                    dense[kept++] = d;
                    bits[d >> 6] &= ~(1UL << d);
                }
            }
            int dropped = dense.Length - kept;
            g.SetDenseCount(kept);
            _denseEntries[f] -= dropped;
            if (g.Route is { } r)
                for (int i = 0; i < dropped; i++) _interner.Release(r);
        }
        foreach (var g in groups)
            foreach (int d in g.Dense) bits[d >> 6] |= 1UL << d;
        _groupScratch.Clear();
        _overrides[f]?.Clear();
        if (_denseEntries[f] != _denseLive[f]) throw new InvalidOperationException("compaction lost a pending route");
    }

    /// <summary>
    /// Copies the current entries of <paramref name="group"/>'s dense list from the tail into the scratch
    /// arrays while they fit in <paramref name="room"/> octets, clearing their bits (so that a duplicate
    /// further on reads as stale); <paramref name="consumed"/> counts the entries passed, stale ones included.
    /// The caller writes them and drops <paramref name="consumed"/> entries, or puts the bits back.
    /// </summary>
    private int PeekDense(int f, PendingGroup group, bool addPath, int room, out int used, out int consumed)
    {
        used = 0;
        consumed = 0;
        var dense = group.Dense;
        if (dense.IsEmpty) return 0;
        int perRoute = addPath ? 5 : 1;
        var source = _sources[f]!;
        var bits = _pendingBits[f]!;
        var overrides = _overrides[f] is { Count: > 0 } o ? o : null;
        int take = 0;
        ref var scratch = ref t_scratch!;
        ref var indices = ref t_indices!;
        for (int i = dense.Length - 1; i >= 0; i--)
        {
            int d = dense[i];
            ulong mask = 1UL << d;
            if ((bits[d >> 6] & mask) == 0
                || (overrides is not null && overrides.TryGetValue(d, out var target) && !ReferenceEquals(target, group)))
            {
                consumed++;
                continue;
            }
            var prefix = source.PrefixAt(d);
            int size = perRoute + prefix.ByteCount;
            if (used + size > room) break;
            if (take == scratch.Length) Array.Resize(ref scratch, scratch.Length * 2);
            if (take == indices.Length) Array.Resize(ref indices, indices.Length * 2);
            scratch[take] = new Nlri(prefix);
            indices[take++] = d;
            bits[d >> 6] &= ~mask;
            used += size;
            consumed++;
        }
        return take;
    }

    /// <summary>Puts back the bits <see cref="PeekDense"/> cleared for an UPDATE that was not written.</summary>
    private void UndoPeekDense(int f, int take)
    {
        var bits = _pendingBits[f];
        for (int i = 0; i < take; i++) bits![t_indices![i] >> 6] |= 1UL << t_indices[i];
    }

    /// <summary>
    /// The announcements of the first routes of <paramref name="chunk"/>, at <paramref name="indices"/>, went out:
    /// each entry's reference moves to its slot. <see cref="EndDense"/> for all of them, its counters once
    /// (every route of a route reflector's 50 clients passes here). The pending hold of a route sent for the
    /// first time becomes its slot's hold, rather than the slot taking one and the pending one going: two hold
    /// updates (each a bounds check and a write in the Loc-RIB) fewer per route per peer.
    /// </summary>
    private void SentDense(int f, ReadOnlySpan<int> indices, ReadOnlySpan<Nlri> chunk, ExportedRoute route)
    {
        var source = _sources[f]!;
        var resend = _resendBits[f];
        for (int i = 0; i < indices.Length; i++)
        {
            int d = indices[i];
            ClearBit(resend, d);
            // Last for d: the release may free the destination (its last path is gone).
            if (!SetSlot(f, d, chunk[i], route, pendingHold: true)) source.ReleaseDestination(d);
        }
        _denseLive[f] -= indices.Length;
        _pendingPerFamily[f] -= indices.Length;
        if (_denseLive[f] == 0 && _denseEntries[f] > 0) DropStale(f);
    }

    /// <summary>The withdrawal of <paramref name="nlri"/> at <paramref name="d"/> went out.</summary>
    private void WithdrawnDense(int f, int d, in Nlri nlri)
    {
        // The pending hold keeps d until EndDense.
        if (RemoveSlot(f, d, nlri, out var old)) _interner.Release(old);
        EndDense(f, d);
    }

    /// <summary>
    /// Route refresh of the slot store: every sent slot goes pending again, marked resend; one pending already keeps
    /// its change and is marked resend (see <see cref="ResendAll"/>).
    /// </summary>
    private void ResendDense(int f)
    {
        if (_slotCount[f] == 0) return;
        var source = _sources[f]!;
        ref var slots = ref _slots[f];
        for (int d = 0; d < slots.Capacity; d++)
        {
            if (slots[d] is not (int h and not 0)) continue;
            if (TestBit(_pendingBits[f], d))
            {
                MarkResendDense(f, d);
                continue;
            }
            var r = _interner.SetAt(h - 1)!;
            // A route pending in the map (from before the family went dense) stays there, marked resend.
            if (_pending.Count > 0)
            {
                ref var slot = ref _pending.GetValueRefOrNullRef(new Nlri(source.PrefixAt(d)));
                if (!Unsafe.IsNullRef(ref slot))
                {
                    slot.Resend = true;
                    continue;
                }
            }
            _interner.AddReference(r);
            PendDense(f, d, GroupFor(r), resend: true);
        }
    }

    /// <summary>Marks the pending <paramref name="d"/> as owed to the peer by a route refresh, whatever its change comes to.</summary>
    private void MarkResendDense(int f, int d)
    {
        var resendBits = Cover(ref _resendBits[f], f, d);
        resendBits[d >> 6] |= 1UL << d;
    }

    /// <summary>Gives back every pending hold and the dense pending state (the references go with the groups).</summary>
    private void ClearDense()
    {
        for (int f = 0; f < 2; f++)
        {
            if (_pendingBits[f] is { } bits)
            {
                for (int w = 0; w < bits.Length && _denseLive[f] > 0; w++)
                {
                    ulong word = bits[w];
                    while (word != 0)
                    {
                        int d = (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(word);
                        word &= word - 1;
                        _denseLive[f]--;
                        _sources[f]!.ReleaseDestination(d);
                    }
                }
            }
            _pendingBits[f] = null;
            _resendBits[f] = null;
            _overrides[f] = null;
            _denseLive[f] = 0;
            _denseEntries[f] = 0;
        }
    }

    /// <summary>Gives back the dense pending storage of families with nothing pending (TrimIdle).</summary>
    private void TrimDense()
    {
        for (int f = 0; f < 2; f++)
        {
            if (_denseLive[f] != 0 || _denseEntries[f] != 0) continue;
            _pendingBits[f] = null;
            _resendBits[f] = null;
            _overrides[f] = null;
        }
        // Spare groups are let go by TrimIdle (this Adj-RIB-Out's own, AdjRibOut.Spares.cs) and RibEngine.TrimIdle (the interner's pool).
    }

}

using Bgp.Protocol;

namespace Bgp.Rib.Export;

/// <summary>
/// The sent and pending state as a whole, for update groups (RibEngine.Groups.cs): a member that leaves its group
/// for an Adj-RIB-Out of its own starts from a copy of what the group sent (it was given all of it) and is exported
/// what the group has pending, and a merge may check that the two sent states it joins are equal.
/// </summary>
public sealed partial class AdjRibOut
{
    /// <summary>Adds every route the peer has from us to <paramref name="into"/>, both stores.</summary>
    internal void CopySent(List<(Nlri Nlri, ExportedRoute Route)> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.AddRange(_sent.Snapshot());
        for (int f = 0; f < 2; f++)
        {
            if (_slotCount[f] == 0) continue;
            var source = _sources[f]!;
            ref var slots = ref _slots[f];
            for (int d = 0; d < slots.Capacity; d++)
                if (slots[d] is int h and not 0) into.Add((new Nlri(source.PrefixAt(d)), _interner.SetAt(h - 1)!));
        }
    }

    /// <summary>
    /// Records what <paramref name="other"/> has sent as sent here too (each route with a reference of its own, each
    /// slot with a hold of its own), store for store, into an Adj-RIB-Out with nothing sent or pending yet over the
    /// same interner and Loc-RIBs. Slot for slot rather than through a list: a full table is a million routes, and a
    /// list kept for reuse would keep its size.
    /// </summary>
    internal void SeedSentFrom(AdjRibOut other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (SentCount != 0 || HasPending) throw new InvalidOperationException("only an empty Adj-RIB-Out is seeded");
        if (!ReferenceEquals(_interner, other._interner)) throw new ArgumentException("another interner", nameof(other));
        for (int f = 0; f < 2; f++)
        {
            if (!ReferenceEquals(_sources[f], other._sources[f])) throw new ArgumentException("other Loc-RIBs", nameof(other));
            // Dense there, dense here from the start (the map is empty: nothing to move, GoDense).
            if (other._dense[f]) _dense[f] = true;
            if (other._slotCount[f] == 0) continue;
            ref var slots = ref other._slots[f];
            for (int d = 0; d < slots.Capacity; d++)
            {
                if (slots[d] is not (int h and not 0)) continue;
                var route = _interner.SetAt(h - 1)!;
                _interner.AddReference(route);
                Occupy(f, d, route);
            }
        }
        foreach (var (nlri, route) in other._sent.Snapshot())
        {
            _interner.AddReference(route);
            _sent.GetValueRefOrAddDefault(nlri, out _) = route;
        }
    }

    /// <summary>Routes with a change not written yet that the pending map holds (the rest are pending by destination index).</summary>
    internal int MapPendingCount => _pending.Count;

    /// <summary>
    /// Adds every route of the pending map with a change (announcement or withdrawal) not written yet to
    /// <paramref name="into"/>: where a member that leaves the group has yet to get what the group will write
    /// (RibEngine.Groups.cs). Routes pending by destination index are walked with <see cref="NextPendingByIndex"/>.
    /// </summary>
    internal void CopyPendingMap(List<Nlri> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        foreach (var (nlri, _) in _pending.Snapshot()) into.Add(nlri);
    }

    /// <summary>
    /// The first Loc-RIB destination index from <paramref name="from"/> on with a change pending by index in family
    /// <paramref name="afi"/>, or -1. A set bit is a pending route (its current entry is in some group); stale entries
    /// have none. Read in place rather than copied out: a group with a whole table pending (a full-table peer coming
    /// up) would otherwise take a 32-octet Nlri per route, 32 MB for a million, for the length of a split.
    /// </summary>
    internal int NextPendingByIndex(Afi afi, int from)
    {
        int f = FamilyIndex(afi);
        if (_denseLive[f] == 0 || _pendingBits[f] is not { } bits || from < 0) return -1;
        for (int w = from >> 6; w < bits.Length; w++)
        {
            ulong word = bits[w];
            // The first word only from bit `from` on.
            if (w == from >> 6) word &= ~0UL << (from & 63);
            if (word != 0) return (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(word);
        }
        return -1;
    }

    /// <summary>End-of-RIB markers (RFC 4724 2) still to be written here are requested of <paramref name="other"/> too.</summary>
    internal void CopyEndOfRibRequests(AdjRibOut other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (int f = 0; f < 2; f++) other._endOfRibRequested[f] |= _endOfRibRequested[f];
    }

    /// <summary>
    /// True while a route refresh resend (<see cref="ResendAll"/>) is still pending for some route: a member that
    /// leaves its group then may be the one that asked, and gets the whole resend of its own. A scan: for splits only.
    /// </summary>
    internal bool HasResendPending
    {
        get
        {
            foreach (var bits in _resendBits)
            {
                if (bits is null) continue;
                foreach (ulong word in bits)
                    if (word != 0) return true;
            }
            foreach (var slot in _pending.Values)
                if (slot.Resend) return true;
            return false;
        }
    }

    /// <summary>True when both Adj-RIB-Outs have sent exactly the same set (by reference) for the same routes.</summary>
    internal bool SentEquals(AdjRibOut other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (SentCount != other.SentCount) return false;
        var mine = new List<(Nlri Nlri, ExportedRoute Route)>(SentCount);
        CopySent(mine);
        foreach (var (nlri, route) in mine)
            if (!other.TryGetSent(nlri, out var theirs) || !ReferenceEquals(route, theirs)) return false;
        return true;
    }
}

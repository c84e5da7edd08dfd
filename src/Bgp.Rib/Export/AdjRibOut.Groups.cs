using Bgp.Protocol;

namespace Bgp.Rib.Export;

/// <summary>
/// The sent state as a whole, for update groups (RibEngine.Groups.cs): a member that leaves its group for an
/// Adj-RIB-Out of its own starts from a copy of what the group sent (it was given all of it), and a merge may
/// check that the two sent states it joins are equal.
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
    /// Records <paramref name="sent"/> as what the peer has (each with a reference of its own), into an Adj-RIB-Out
    /// with nothing sent or pending yet over the same interner and Loc-RIBs.
    /// </summary>
    internal void SeedSent(List<(Nlri Nlri, ExportedRoute Route)> sent)
    {
        ArgumentNullException.ThrowIfNull(sent);
        if (SentCount != 0 || HasPending) throw new InvalidOperationException("only an empty Adj-RIB-Out is seeded");
        foreach (var (nlri, route) in sent)
        {
            _interner.AddReference(route);
            SetSent(nlri, route);
        }
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

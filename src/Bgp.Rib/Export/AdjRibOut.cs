using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Bgp.Protocol;

namespace Bgp.Rib.Export;

/// <summary>
/// The Adj-RIB-Out of one peer (RFC 4271 3.2): what we last sent per route (prefix and, with ADD-PATH
/// send, RFC 7911, path identifier) and the changes not sent yet.
///
/// Changes are coalesced per route, as RustyBGP and OpenBGPD do: only the latest state of a route is
/// pending, so a prefix that changes ten times while the peer is slow is sent once; an announcement
/// equal to what the peer already has cancels what was pending; a withdrawal of a route never sent
/// cancels the pending announcement and sends nothing. Pending announcements are grouped by exported
/// set (reference equality after interning) so <see cref="WritePending"/> packs each group into as few
/// UPDATEs as fit. The Adj-RIB-Out holds one reference to each exported set per entry, sent or pending.
/// Pending changes live in one of two stores, as the sent state does: a map (NlriMap of PendingSlot, each
/// with its place in its group) or, for a route without a path id of a dense family, a bit per Loc-RIB
/// destination index with the index itself as the group entry (AdjRibOut.Pending.cs).
/// Single writer, no locks; the session's bounded send queue decides when to call WritePending.
/// </summary>
public sealed partial class AdjRibOut
{
    private readonly ExportInterner _interner;
    // Both keyed compactly (NlriMap). The sent map holds what the slot store does not (AdjRibOut.Sent.cs): ADD-PATH
    // routes, and every route of a family until the peer has enough of the table for the slots to pay.
    private readonly NlriMap<ExportedRoute> _sent = new();
    private readonly NlriMap<PendingSlot> _pending = new();
    private readonly Dictionary<ExportedRoute, PendingGroup> _groups = new(ReferenceEqualityComparer.Instance);
    // The group GroupFor answered last while it is in _groups (a drained group goes to the spares, possibly to
    // another peer with the same set, so leaving _groups forgets it).
    private PendingGroup? _lastGroup;
    private readonly Queue<PendingGroup> _queue = new();
    private readonly PendingGroup[] _withdrawals = [new(Afi.Ipv4, null), new(Afi.Ipv6, null)];
    private readonly int[] _pendingPerFamily = new int[2];
    private readonly bool[] _endOfRibRequested = new bool[2];

    public AdjRibOut(ExportInterner interner)
    {
        ArgumentNullException.ThrowIfNull(interner);
        _interner = interner;
    }

    /// <summary>
    /// An Adj-RIB-Out that keeps the sent state of routes without a path id by the destination index of the
    /// Loc-RIB of their family (see AdjRibOut.Sent.cs); a null family keeps the map. The Loc-RIBs must be
    /// the ones the exported routes come from, and the Adj-RIB-Out must be cleared before they go away.
    /// </summary>
    public AdjRibOut(ExportInterner interner, LocRib? ipv4, LocRib? ipv6)
        : this(interner, (IDestinationHolds?)ipv4, ipv6)
    {
        if (ipv4 is not null && ipv4.Afi != Afi.Ipv4) throw new ArgumentException("not the IPv4 Loc-RIB", nameof(ipv4));
        if (ipv6 is not null && ipv6.Afi != Afi.Ipv6) throw new ArgumentException("not the IPv6 Loc-RIB", nameof(ipv6));
    }

    /// <summary>The same over any destination index per family (IPv4, IPv6); for tests.</summary>
    internal AdjRibOut(ExportInterner interner, IDestinationHolds? ipv4, IDestinationHolds? ipv6) : this(interner)
    {
        _sources[0] = ipv4;
        _sources[1] = ipv6;
    }

    /// <summary>Routes with an announcement or withdrawal not sent yet.</summary>
    public int PendingCount => _pending.Count + _denseLive[0] + _denseLive[1];

    /// <summary>Routes the pending map holds without growing, for tests of when its storage is given back.</summary>
    internal int PendingCapacity => _pending.Capacity;

    /// <summary>True while anything (a route change or an End-of-RIB) waits for <see cref="WritePending"/>.</summary>
    public bool HasPending => PendingCount > 0 || _endOfRibRequested[0] || _endOfRibRequested[1];

    /// <summary>
    /// The peer should have <paramref name="nlri"/> with <paramref name="route"/>. Takes over the caller's
    /// reference to <paramref name="route"/> (from <see cref="PeerExporter.Export"/>).
    /// </summary>
    public void Announce(Nlri nlri, ExportedRoute route) => Announce(nlri, route, UnknownDestination);

    /// <summary>
    /// As <see cref="Announce(Nlri, ExportedRoute)"/>, told the destination index of <paramref name="nlri"/>'s
    /// prefix in the Loc-RIB of its family (the one this Adj-RIB-Out was made over): found just now and not
    /// freed since, or -1 when that Loc-RIB has no such prefix. Saves looking the prefix up again for each
    /// peer a change goes to (RibEngine.ExportChange; 50 times per prefix in workload 3).
    /// </summary>
    internal void Announce(Nlri nlri, ExportedRoute route, int destination)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (route.Afi != nlri.Prefix.Afi) throw new ArgumentException($"{route.Family} set for {nlri}", nameof(route));
        int d = DenseTarget(nlri, destination, out int f);
        if (d >= 0)
        {
            AnnounceDense(f, d, nlri, route);
            return;
        }
        // One pending lookup that also makes the entry: in an initial dump nothing is pending, and the
        // entry is needed anyway; only the rare cancel below removes it again.
        ref var slot = ref _pending.GetValueRefOrAddDefault(nlri, out bool wasPending);
        // A route refresh resend stays pending even when the route comes back unchanged.
        bool resend = wasPending && slot.Resend;
        if (wasPending && ReferenceEquals(slot.Group.Route, route))
        {
            // Already pending with this very set: keep its place, drop the extra reference.
            _interner.Release(route);
            return;
        }
        if (wasPending) Detach(slot);
        if (!resend && TryGetSent(nlri, out var sent) && ReferenceEquals(sent, route))
        {
            // The peer has exactly this already: nothing to send.
            _pending.Remove(nlri);
            _interner.Release(route);
            return;
        }
        Attach(ref slot, nlri, GroupFor(route), resend);
    }

    /// <summary>The peer should not have <paramref name="nlri"/> (any more).</summary>
    public void Withdraw(Nlri nlri) => Withdraw(nlri, UnknownDestination);

    /// <summary>As <see cref="Withdraw(Nlri)"/>, told the destination index as <see cref="Announce(Nlri, ExportedRoute, int)"/> is.</summary>
    internal void Withdraw(Nlri nlri, int destination)
    {
        // Nothing sent and nothing pending: nothing to withdraw. The usual case for the peer a route came from (split
        // horizon turns its own routes into withdrawals here), where the lookups below were 2-3 % of a table's ingest.
        if (SentCount == 0 && PendingCount == 0) return;
        int d = DenseTarget(nlri, destination, out int f);
        if (d >= 0)
        {
            WithdrawDense(f, d, nlri);
            return;
        }
        ref var slot = ref _pending.GetValueRefOrNullRef(nlri);
        bool wasPending = !Unsafe.IsNullRef(ref slot);
        // A route refresh resend stays owed through a withdrawal that is not written: the route may come back as it was.
        bool resend = wasPending && slot.Resend;
        if (wasPending)
        {
            if (slot.Group.Route is null) return; // a withdrawal is pending already
            Detach(slot);
        }
        // A withdrawal goes only for what was announced (RFC 4271 9.2 sends withdrawals for routes previously advertised).
        if (!IsSent(nlri))
        {
            if (wasPending) _pending.Remove(nlri);
            return;
        }
        if (!wasPending) slot = ref _pending.GetValueRefOrAddDefault(nlri, out _);
        Attach(ref slot, nlri, _withdrawals[FamilyIndex(nlri.Prefix.Afi)], resend);
    }

    /// <summary>
    /// About to announce <paramref name="routes"/> routes of <paramref name="family"/> at once (the initial
    /// table, RFC 4271 9.2): sizes the pending and sent maps for them up front instead of letting them
    /// double their way there, which allocates about twice the final storage per route per peer.
    /// </summary>
    public void EnsureCapacity(AfiSafi family, int routes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(routes);
        int f = FamilyIndex(family.Afi);
        bool ipv6 = f == 1;
        // A table dense enough for the slot store goes there now rather than filling the map first; the slot
        // store grows to the destination indices it meets, so only the maps of a sparse family are sized, and
        // a dense family's routes go pending by index (a bit each), sized here to the index's span.
        MaybeGoDense(f, MapCount(f) + routes);
        if (_dense[f])
        {
            int span = _sources[f]!.DestinationSpan;
            if (span > 0) Cover(ref _pendingBits[f], f, span - 1);
            return;
        }
        _pending.EnsureCapacity(ipv6, routes);
        _sent.EnsureCapacity(ipv6, routes);
    }

    /// <summary>
    /// Queues an End-of-RIB marker (RFC 4724 2) for <paramref name="family"/>, to be written once nothing of
    /// that family is pending, so that it follows the initial table.
    /// </summary>
    public void RequestEndOfRib(AfiSafi family)
    {
        if (!family.IsUnicastIp) throw new ArgumentOutOfRangeException(nameof(family), family, "only IPv4 and IPv6 unicast are sent");
        _endOfRibRequested[FamilyIndex(family.Afi)] = true;
    }

    /// <summary>
    /// Makes every route the peer has pending again, for a route refresh request (RFC 2918 3): the whole
    /// Adj-RIB-Out is sent once more. Already pending changes stay as they are, marked as resends too: one that
    /// comes back to what the peer had before it is written is still owed to the peer (which may not have kept it:
    /// a refresh usually follows a new import policy), so it must not cancel itself.
    /// </summary>
    public void ResendAll()
    {
        // The slot store's routes go pending by index; the map's through the map, unless pending by index.
        for (int f = 0; f < 2; f++) ResendDense(f);
        foreach (var (nlri, route) in _sent.Snapshot())
        {
            // Already pending by index (the route was written while its prefix was not indexed).
            if (FindSlot(nlri, out int f, out int d) && TestBit(_pendingBits[f], d))
            {
                MarkResendDense(f, d);
                continue;
            }
            ref var slot = ref _pending.GetValueRefOrAddDefault(nlri, out bool wasPending);
            if (wasPending)
            {
                slot.Resend = true;
                continue;
            }
            _interner.AddReference(route);
            Attach(ref slot, nlri, GroupFor(route), resend: true);
        }
    }

    /// <summary>
    /// Gives back the pending map's storage when nothing is pending: a drained initial dump (or route refresh)
    /// leaves it sized for a whole table, which would otherwise stay for the life of the session. For when
    /// the RIB is idle (RibEngine.TrimIdle); a map small enough to be cheap is kept. Returns true when it kept
    /// spare groups taken since the last call (AdjRibOut.Spares.cs), which only a later call can let go.
    /// </summary>
    public bool TrimIdle()
    {
        if (_pending.Count == 0) _pending.Reset();
        if (_groups.Count == 0)
        {
            // The group table and the write queue keep the size of the last burst too (spare groups are this
            // Adj-RIB-Out's own, let go by TrimSpares below, and the interner's pool, trimmed by RibEngine.TrimIdle): after workload 5's initial tables (500 sessions, 2,000 routes each) that was a
            // 37-entry group table (912 B) and 841 B of queue and spare-stack arrays per session, for the life
            // of each session.
            _groups.TrimExcess();
            _queue.TrimExcess();
        }
        TrimDense();
        TrimSent();
        return TrimSpares();
    }

    /// <summary>Entries the group table and the write queue have room for (for tests of TrimIdle; spare groups are counted apart, AdjRibOut.Spares.cs).</summary>
    internal int GroupStorageCapacity => _groups.Capacity + _queue.Capacity;

    /// <summary>Forgets everything (the session went down), giving every reference back.</summary>
    public void Clear()
    {
        ClearSent();
        ClearDense();
        // Each pending announcement holds one reference to its group's set (a stale dense entry too).
        foreach (var g in _groups.Values)
        {
            for (int i = g.Count; i > 0; i--) _interner.Release(g.Route!);
            g.Clear(trim: true);
        }
        _pending.Reset();
        _groups.Clear();
        _lastGroup = null;
        _queue.Clear();
        ClearSpares();
        foreach (var w in _withdrawals)
        {
            w.Clear(trim: true);
            w.Queued = false;
        }
        Array.Clear(_pendingPerFamily);
        Array.Clear(_endOfRibRequested);
    }

    private PendingGroup GroupFor(ExportedRoute route)
    {
        // Consecutive changes mostly share a set (an UPDATE's prefixes; an initial dump's neighbours), and the
        // engine pends each change to every peer in turn: the last group answers without hashing.
        if (_lastGroup is { } last && ReferenceEquals(last.Route, route)) return last;
        ref var group = ref CollectionsMarshal.GetValueRefOrAddDefault(_groups, route, out bool exists);
        if (!exists) group = RentGroup(route);
        return _lastGroup = group!;
    }

    /// <summary>Puts <paramref name="nlri"/> (whose pending entry is <paramref name="slot"/>) into <paramref name="group"/>.</summary>
    private void Attach(ref PendingSlot slot, Nlri nlri, PendingGroup group, bool resend)
    {
        slot.Group = group;
        slot.Index = group.Add(nlri);
        slot.Resend = resend;
        _pendingPerFamily[FamilyIndex(group.Afi)]++;
        if (group.Route is not null && !group.Queued)
        {
            group.Queued = true;
            _queue.Enqueue(group);
        }
    }

    /// <summary>
    /// Takes a pending route out of its group and gives its reference back; the pending entry itself stays
    /// for the caller to reuse or remove (saving a hash operation when the route is pending again at once).
    /// </summary>
    private void Detach(in PendingSlot slot)
    {
        var group = slot.Group;
        if (group.RemoveAt(slot.Index, out var moved))
        {
            // Swap-remove: the last route took the freed place, and its entry learns the new position.
            _pending.GetValueRefOrNullRef(moved).Index = slot.Index;
        }
        _pendingPerFamily[FamilyIndex(group.Afi)]--;
        if (group.Route is { } r) _interner.Release(r);
    }

    private static int FamilyIndex(Afi afi) => afi switch
    {
        Afi.Ipv4 => 0,
        Afi.Ipv6 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(afi), afi, "only IPv4 and IPv6 unicast are sent"),
    };
}

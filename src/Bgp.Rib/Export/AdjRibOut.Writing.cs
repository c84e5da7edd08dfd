using System.Buffers;
using Bgp.Protocol;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;

namespace Bgp.Rib.Export;

public sealed partial class AdjRibOut
{
    private static readonly byte[] EndOfRibIpv4 = BgpEncoder.ToArray(UpdateMessage.EndOfRibFor(AfiSafi.Ipv4Unicast), CodecOptions.Default);
    // The routes of the UPDATE being written, unpacked from a group's compact list. Grown to the largest
    // message's route count once (4096-octet messages hold at most about 4000 routes), then reused. One per
    // thread rather than one per peer (500 peers each kept 8 KiB in workload 5): WritePending runs on the RIB
    // loop, which resumes on pool threads, so there are as many as threads that ran it, a handful. Used only
    // within one WritePending call, so sharing it across peers is safe.
    [ThreadStatic] private static Nlri[]? t_scratch;
    // The destination indices of the scratch's first routes, for routes pending by index (AdjRibOut.Pending.cs).
    [ThreadStatic] private static int[]? t_indices;

    private static readonly byte[] EndOfRibIpv6 = BgpEncoder.ToArray(UpdateMessage.EndOfRibFor(AfiSafi.Ipv6Unicast), CodecOptions.Default);

    /// <summary>
    /// Writes pending changes as UPDATEs into <paramref name="output"/>, whole and as full as they can be,
    /// until the next one would take the total past <paramref name="budget"/> octets (at least one
    /// maximum-size message, so every call makes progress).
    /// Withdrawals go first (they free the peer's memory and are small), then announcements group by
    /// group, each group packed into as few UPDATEs as fit with <see cref="UpdatePacker"/>, then any
    /// End-of-RIB whose family has nothing pending. Returns true when more remains (call again when the
    /// send queue has room); <paramref name="written"/> is the number of octets written.
    /// </summary>
    public bool WritePending(IBufferWriter<byte> output, int budget, CodecOptions options, out int written)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        if (budget < options.MaxMessageLength)
            throw new ArgumentOutOfRangeException(nameof(budget), budget, "the budget must hold one message of the maximum length");
        written = 0;
        t_scratch ??= new Nlri[256];
        t_indices ??= new int[256];
        foreach (var w in _withdrawals)
            if (!WriteWithdrawals(output, w, budget, options, ref written)) return true;

        while (_queue.TryPeek(out var group))
        {
            if (!WriteAnnouncements(output, group, budget, options, ref written)) return true;
            _queue.Dequeue();
            group.Queued = false;
            _groups.Remove(group.Route!);
            if (ReferenceEquals(_lastGroup, group)) _lastGroup = null;
            Recycle(group);
        }

        for (int f = 0; f < 2; f++)
        {
            if (!_endOfRibRequested[f] || _pendingPerFamily[f] != 0) continue;
            byte[] marker = f == 0 ? EndOfRibIpv4 : EndOfRibIpv6;
            if (written + marker.Length > budget) return true;
            output.Write(marker);
            written += marker.Length;
            _endOfRibRequested[f] = false;
            // End-of-RIB follows the initial table (RFC 4724 2): the sent map now has its working size,
            // and keeping its growth slack would cost up to 28 octets per route per peer for the session.
            _sent.TrimExcess();
        }
        // The drained pending map keeps its storage here: while routes stream in it fills and drains at every
        // write, and giving it back each time rebuilt it from 16 entries up (96 MB of a full-table ingest's
        // 657 MB of allocations, plus the rehashes). TrimIdle gives it back once the RIB has nothing to do.
        return HasPending;
    }

    /// <summary>Writes the group's withdrawals; false when the budget ran out first.</summary>
    private bool WriteWithdrawals(IBufferWriter<byte> output, PendingGroup group, int budget, CodecOptions options, ref int written)
    {
        var family = new AfiSafi(group.Afi, Safi.Unicast);
        bool classic = group.Afi == Afi.Ipv4;
        bool addPath = options.SendsPathId(family);
        // As UpdatePacker counts: header, the two length fields, and for MP_UNREACH_NLRI a 4-octet
        // attribute header and the family.
        int fixedLength = BgpConstants.HeaderLength + 4 + (classic ? 0 : 7);
        int f = FamilyIndex(group.Afi);
        int room = options.MaxMessageLength - fixedLength;
        int take;
        while ((take = PeekNext(f, group, addPath, room, out int dense, out int mapped, out int consumed, out int used)) > 0)
        {
            int size = fixedLength + used - (classic || 3 + used > 255 ? 0 : 1);
            // A message is never cut short to fit the budget: that would cost extra UPDATEs later.
            if (written + size > budget)
            {
                UndoPeekDense(f, dense);
                return false;
            }
            var chunk = t_scratch.AsSpan(0, take);
            int messages = UpdatePacker.WriteWithdrawals(output, family, chunk, options);
            if (messages != 1) throw new InvalidOperationException("a withdrawal chunk did not make exactly one UPDATE");
            written += size;
            // The entries go first: finishing the last pending route of the family drops every stale entry left.
            group.DropDenseTail(consumed);
            _denseEntries[f] -= consumed;
            for (int i = 0; i < dense; i++) WithdrawnDense(f, t_indices![i], chunk[i]);
            foreach (ref readonly var nlri in chunk[dense..])
            {
                _pending.Remove(nlri);
                if (RemoveSent(nlri, out var old)) _interner.Release(old);
            }
            group.DropTail(mapped);
            _pendingPerFamily[f] -= mapped;
        }
        // The withdrawal lists live as long as the session: give back what a mass withdrawal grew.
        group.Clear(trim: true);
        return true;
    }

    /// <summary>Writes the group's announcements; false when the budget ran out first.</summary>
    private bool WriteAnnouncements(IBufferWriter<byte> output, PendingGroup group, int budget, CodecOptions options, ref int written)
    {
        if (group.Count == 0) return true;
        var route = group.Route!;
        var family = route.Family;
        bool classic = route.MpNextHop.Length == 0;
        bool addPath = options.SendsPathId(family);
        int fixedLength = route.FixedLength(options);
        int f = FamilyIndex(group.Afi);
        int room = options.MaxMessageLength - fixedLength;
        int take;
        while ((take = PeekNext(f, group, addPath, room, out int dense, out int mapped, out int consumed, out int used)) > 0)
        {
            // The packer plans a 4-octet MP_REACH_NLRI header; a short value takes 3.
            int size = fixedLength + used - (classic || 5 + route.MpNextHop.Length + used > 255 ? 0 : 1);
            if (written + size > budget)
            {
                UndoPeekDense(f, dense);
                return false;
            }
            var chunk = t_scratch.AsSpan(0, take);
            int messages = UpdatePacker.WriteAnnouncements(output, family, route.Attributes, chunk, route.MpNextHop.AsSpan(), options);
            if (messages != 1) throw new InvalidOperationException("an announcement chunk did not make exactly one UPDATE");
            written += size;
            // The stale entries passed give their references back; the current ones' move to the slots. The
            // entries go first: finishing the last pending route of the family drops every stale entry left.
            DropDense(f, group, consumed - dense);
            group.DropDenseTail(dense);
            _denseEntries[f] -= dense;
            if (dense > 0) SentDense(f, t_indices.AsSpan(0, dense), chunk, route);
            foreach (ref readonly var nlri in chunk[dense..])
            {
                _pending.Remove(nlri);
                // The pending entry's reference moves to the sent table.
                SetSent(nlri, route);
            }
            group.DropTail(mapped);
            _pendingPerFamily[f] -= mapped;
        }
        return true;
    }

    /// <summary>
    /// The routes of the next UPDATE from <paramref name="group"/>'s tail into the scratch arrays: first the
    /// current entries pending by index (<paramref name="dense"/>, their bits cleared; <paramref name="consumed"/>
    /// counts the entries passed, stale ones included), then routes of the map (<paramref name="mapped"/>).
    /// Stale entries alone at the tail are dropped on the way, with their references. 0 when the group is empty.
    /// </summary>
    private int PeekNext(int f, PendingGroup group, bool addPath, int room, out int dense, out int mapped, out int consumed, out int used)
    {
        while (true)
        {
            dense = PeekDense(f, group, addPath, room, out int usedDense, out consumed);
            mapped = group.PeekTail(ref t_scratch!, dense, addPath, room - usedDense, out int usedMap);
            used = usedDense + usedMap;
            if (dense + mapped > 0 || consumed == 0) return dense + mapped;
            DropDense(f, group, consumed);
        }
    }
}

using Bgp.Protocol;
using Bgp.Rib.Export;

namespace Bgp.Rib.Engine;

/// <summary>
/// Update groups (<see cref="RibEngineSettings.UpdateGroups"/>), as FRR's (bgp_updgrp.c): peers whose export and
/// encoding are equal (<see cref="UpdateGroupKey"/>) share one <see cref="Export.AdjRibOut"/>, so a best-path
/// change is exported and coalesced once per group and the RIB loop writes it once and offers the same octets to
/// every member. A peer is groupable unless it sends ADD-PATH; a groupable peer is exported to without the two
/// rules that name the peer itself (not back to the peer the route came from, not to the peer whose BGP
/// Identifier is the ORIGINATOR_ID), even while alone, so that every groupable peer of a key has the same export
/// and a merge is exact. FRR sets <c>onlypeer</c> only for a subgroup of one peer (bgp_updgrp_adv.c); the member
/// drops what comes back to it: RFC 4456 8 (its own ORIGINATOR_ID) or RFC 4271 9.1.2 (its AS in the AS_PATH).
/// <para>
/// Invariants. Every groupable peer is in exactly one group, alone or not; a group's first member exports for all.
/// A new peer starts in a group of its own (its own Adj-RIB-Out, its initial table and End-of-RIB as before).
/// Merge (<see cref="MergeGroups"/>, called by the loop after a drain round): two groups of one key join when
/// neither has anything pending (End-of-RIB included) and no member is still being sent octets already written;
/// then both sent states are export(key, best path) for every prefix, so they are equal, and the joining group's
/// Adj-RIB-Out is cleared (its references and destination holds given back). Leave: a member that goes down
/// leaves; the last one clears the Adj-RIB-Out as a peer's own was cleared. Split (<see cref="SplitOff"/>): a member
/// leaves a group of several for a group of its own whose Adj-RIB-Out starts from a copy of the group's sent state
/// (the member was given all of it) and gets the group's pending routes exported for it (a pending route whose
/// prefix has no best path any more is withdrawn), so it gets each of them once and the group's pending stays as
/// it was. A member splits when its key changes (its export filter, <see cref="ReplacePolicy"/>; the re-export
/// that follows sends what differs), and when it sends a ROUTE-REFRESH (RFC 2918): the table is then resent to it
/// alone (<see cref="SplitForRouteRefresh"/>), not to every member, and it merges back, under the same key, once
/// its resend is written and both groups are quiet. So a group of several never has a resend pending (a merge
/// needs nothing pending), and a refresh from a member whose resend is still pending finds it alone: the routes
/// pending already stay pending once. And a member splits when it holds its group back (<see cref="SplitStalledMember"/>):
/// the loop writes nothing more for a group while a member is still being sent octets already written, for at most
/// RibLoopOptions.GroupStallSplitAfter; then the stalled member leaves under the same key, the others go on, and it
/// merges back once it has caught up. One peer that stops reading (a wedged peer, a TCP window that stays closed)
/// thus delays only itself, as in BIRD, and not every member of its group until its send hold timer (RFC 9687) ends it.
/// </para>
/// </summary>
public sealed partial class RibEngine
{
    /// <summary>The peer id a groupable peer's export rules see: no source has it (sessions are 1 and up, local -1).</summary>
    internal const int GroupablePeerId = -2;

    private readonly Dictionary<UpdateGroupKey, List<UpdateGroup>> _groupsByKey = [];
    /// <summary>Keys with more than one group: the merge candidates (empty in the steady state).</summary>
    private readonly HashSet<UpdateGroupKey> _mergeKeys = [];
    private readonly List<UpdateGroupKey> _keyScratch = [];
    private readonly List<UpdateGroup> _quietScratch = [];

    /// <summary>For tests: check at every merge that the two sent states are equal (throws otherwise).</summary>
    internal bool VerifyMerges { get; set; }

    /// <summary>Merges done so far (for tests).</summary>
    internal int MergeCount { get; private set; }

    /// <summary>
    /// Adds the ids of the peers sharing <paramref name="peerId"/>'s Adj-RIB-Out to <paramref name="into"/>, the one
    /// whose id the writes go by first (only <paramref name="peerId"/> for a peer of its own); returns how many, 0 for
    /// a peer that is not up.
    /// </summary>
    public int CopyGroupMembers(int peerId, List<int> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (!_peers.TryGetValue(peerId, out var peer)) return 0;
        if (peer.Group is not { } g)
        {
            into.Add(peerId);
            return 1;
        }
        foreach (var m in g.Members) into.Add(m.Id);
        return g.Members.Count;
    }

    /// <summary>How many peers share <paramref name="peerId"/>'s Adj-RIB-Out (itself included); 0 when it is not up.</summary>
    public int GroupSize(int peerId) =>
        !_peers.TryGetValue(peerId, out var peer) ? 0 : peer.Group is { } g ? g.Members.Count : 1;

    /// <summary>
    /// Joins every two update groups of one key that are both quiet: nothing pending and no member for which
    /// <paramref name="busy"/> says octets already written are still on their way (the RIB loop's send tasks).
    /// Returns how many groups were merged into another. Cheap when every key has one group. Not while route
    /// selection is deferred (nothing has been sent; the end of the deferral sends every group its table).
    /// </summary>
    public int MergeGroups(Func<int, bool> busy)
    {
        ArgumentNullException.ThrowIfNull(busy);
        // A batch waiting (RibEngine.Batch.cs): the sent states are not export(key, best path) for its destinations yet.
        if (_mergeKeys.Count == 0 || Deferring || PendingExports > 0) return 0;
        int merged = 0;
        _keyScratch.Clear();
        _keyScratch.AddRange(_mergeKeys);
        foreach (var key in _keyScratch)
        {
            if (!_groupsByKey.TryGetValue(key, out var list) || list.Count < 2)
            {
                _mergeKeys.Remove(key);
                continue;
            }
            _quietScratch.Clear();
            UpdateGroup? into = null;
            foreach (var g in list)
            {
                if (!IsQuiet(g, busy)) continue;
                _quietScratch.Add(g);
                // The largest stays: fewest members move.
                if (into is null || g.Members.Count > into.Members.Count) into = g;
            }
            foreach (var g in _quietScratch)
            {
                if (ReferenceEquals(g, into)) continue;
                Merge(g, into!);
                list.Remove(g);
                merged++;
            }
            if (list.Count < 2) _mergeKeys.Remove(key);
        }
        _keyScratch.Clear();
        _quietScratch.Clear();
        return merged;
    }

    private static bool IsQuiet(UpdateGroup group, Func<int, bool> busy)
    {
        if (group.AdjRibOut.HasPending) return false;
        foreach (var m in group.Members)
            if (busy(m.Id)) return false;
        return true;
    }

    /// <summary>Moves the members of <paramref name="from"/> into <paramref name="into"/>; both quiet, so their sent states are equal.</summary>
    private void Merge(UpdateGroup from, UpdateGroup into)
    {
        if (VerifyMerges && !from.AdjRibOut.SentEquals(into.AdjRibOut))
            throw new InvalidOperationException("update groups of one key with different sent states");
        from.AdjRibOut.Clear();
        foreach (var m in from.Members)
        {
            m.AdjRibOut = into.AdjRibOut;
            m.Group = into;
            m.IsExportTarget = false;
            into.Members.Add(m);
        }
        from.Members.Clear();
        MergeCount++;
    }

    private UpdateGroupKey KeyOf(EnginePeer peer) => new(ExportMemo.ClassOf(peer.Exporter.Peer), peer.Policy.Export,
        peer.Sends(Afi.Ipv4), peer.Sends(Afi.Ipv6), peer.Facts.CodecOptions.FourOctetAs, peer.Facts.CodecOptions.ExtendedMessage);

    /// <summary>A groupable peer (with an Adj-RIB-Out of its own) starts a group of its own under its current key.</summary>
    private void StartGroup(EnginePeer peer)
    {
        var group = new UpdateGroup(KeyOf(peer), peer.AdjRibOut);
        group.Members.Add(peer);
        peer.Group = group;
        peer.IsExportTarget = true;
        if (!_groupsByKey.TryGetValue(group.Key, out var list)) _groupsByKey.Add(group.Key, list = []);
        list.Add(group);
        if (list.Count > 1) _mergeKeys.Add(group.Key);
    }

    private void ForgetGroup(UpdateGroup group)
    {
        if (!_groupsByKey.TryGetValue(group.Key, out var list)) return;
        list.Remove(group);
        if (list.Count == 0) _groupsByKey.Remove(group.Key);
    }

    /// <summary>
    /// Takes a peer that is going down out of its group. True when its Adj-RIB-Out is its own to clear: a peer
    /// without a group, or the group's last member.
    /// </summary>
    private bool LeaveGroup(EnginePeer peer)
    {
        if (peer.Group is not { } g) return true;
        peer.Group = null;
        g.Members.Remove(peer);
        if (g.Members.Count > 0)
        {
            g.Members[0].IsExportTarget = true;
            return false;
        }
        ForgetGroup(g);
        return true;
    }

    /// <summary>
    /// The peer's export key changed (a new export filter, already in <see cref="EnginePeer.Policy"/>), before its
    /// re-export: alone, its group takes the new key; with others, it splits off (<see cref="SplitOff"/>).
    /// </summary>
    private void Regroup(EnginePeer peer)
    {
        if (peer.Group is not { } g) return;
        if (g.Members.Count == 1)
        {
            ForgetGroup(g);
            StartGroup(peer);
            return;
        }
        SplitKeepingResend(peer);
    }

    /// <summary>
    /// <see cref="SplitOff"/>, and a route refresh still being resent to the group may be this member's (RFC 2918): it
    /// gets one of its own. (A refresh splits its asker off, so a group of several has none in practice; kept so a
    /// split never loses one.)
    /// </summary>
    private void SplitKeepingResend(EnginePeer peer)
    {
        bool resend = peer.Group!.AdjRibOut.HasResendPending;
        SplitOff(peer);
        if (resend) peer.AdjRibOut.ResendAll();
    }

    /// <summary>
    /// The RIB loop found <paramref name="peerId"/> holding its group back: a send task has held octets already
    /// written for it for longer than the loop allows (RibLoopOptions.GroupStallSplitAfter), and the group writes
    /// nothing more while a member has one on its way. The member splits off (<see cref="SplitOff"/>: what the group
    /// sent is in its own sent state, what the group has pending is exported for it), so the others go on at once;
    /// it keeps the key, and the merge joins it back once it has caught up and both groups are quiet. True when it
    /// split; false for a peer that is not up, not grouped or alone in its group, and while route selection is
    /// deferred (nothing has been written then, so no member can be holding one back).
    /// </summary>
    public bool SplitStalledMember(int peerId)
    {
        if (Deferring || !_peers.TryGetValue(peerId, out var peer) || peer.Group is not { Members.Count: > 1 }) return false;
        // SplitOff reads sent and pending together as export(key, best path): no batch may be waiting (RibEngine.Batch.cs).
        if (PendingExports > 0) FlushExports();
        SplitKeepingResend(peer);
        return true;
    }

    /// <summary>
    /// Takes <paramref name="peer"/> out of its group of several into a group of its own under its current key (a
    /// new filter's, or the same: then it may merge back once quiet), with an Adj-RIB-Out that holds what the peer
    /// is owed: a copy of the group's sent state (the member was given every octet the group wrote, those still on
    /// their way included, which the loop delivers before anything of the new group), the group's End-of-RIB
    /// requests, and its pending routes exported for the peer (sent and pending together are export(key, best path)
    /// for every prefix, as <see cref="Execute"/> flushed any batch; a pending route whose prefix has no best path
    /// any more is a withdrawal, pending here too). The group keeps its pending as it was; the peer gets each of
    /// those routes once, from its own Adj-RIB-Out.
    /// </summary>
    private void SplitOff(EnginePeer peer)
    {
        var g = peer.Group!;
        g.Members.Remove(peer);
        g.Members[0].IsExportTarget = true;
        var own = NewAdjRibOut();
        own.SeedSentFrom(g.AdjRibOut);
        g.AdjRibOut.CopyEndOfRibRequests(own);
        peer.AdjRibOut = own;
        StartGroup(peer);
        ExportPendingOf(g.AdjRibOut, peer);
    }

    /// <summary>
    /// Exports to <paramref name="peer"/> (alone in its group now) every route <paramref name="group"/> has a change
    /// pending for: the best path if it has one, else a withdrawal. The group's Adj-RIB-Out is only read.
    /// </summary>
    private void ExportPendingOf(AdjRibOut group, EnginePeer peer)
    {
        // The map's routes through a list of their own (splits are rare: one kept for reuse would keep the size of
        // the largest pending seen); in a family kept by destination index the map holds few.
        var pending = new List<Nlri>(group.MapPendingCount);
        group.CopyPendingMap(pending);
        foreach (var nlri in pending)
        {
            bool hasBest = Rib.TryGetBest(nlri.Prefix, out var best);
            ExportBestTo(peer, nlri.Prefix, best, hasBest);
        }
        // Routes pending by index are read where they are, by their Loc-RIB destination (held by the group's pending
        // change, so still this prefix's): no copy and no prefix lookup. A full table pending in the group was a
        // 32 MB list and 170 ms for a 1M-route split.
        foreach (var table in (ReadOnlySpan<LocRib>)[Rib.Ipv4, Rib.Ipv6])
        {
            for (int d = group.NextPendingByIndex(table.Afi, 0); d >= 0; d = group.NextPendingByIndex(table.Afi, d + 1))
            {
                bool hasBest = table.TryGetBestAt(d, out var best);
                ExportBestTo(peer, table.PrefixAt(d), best, hasBest, d);
            }
        }
    }

    /// <summary>
    /// A ROUTE-REFRESH (RFC 2918 3) from a member of a group of several: the member splits off (<see cref="SplitOff"/>)
    /// so that the resend goes to it alone, as FRR splits the asking peer out of its subgroup. Resent to the whole
    /// group, one client's refresh would send the table to every member (50 tables for one client of a route reflector
    /// with 50). The split-off member keeps the key, so the merge joins it back once its resend is written and both
    /// groups are quiet. Alone (or not grouped) the peer keeps its Adj-RIB-Out.
    /// </summary>
    private void SplitForRouteRefresh(EnginePeer peer)
    {
        if (peer.Group is { Members.Count: > 1 }) SplitOff(peer);
    }
}

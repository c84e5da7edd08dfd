using Bgp.Protocol;
using Bgp.Rib.Export;

namespace Bgp.Rib.Engine;

/// <summary>
/// Update groups (<see cref="RibEngineSettings.UpdateGroups"/>), as FRR's (bgp_updgrp.c): peers whose export and
/// encoding are equal (<see cref="UpdateGroupKey"/>) share one <see cref="Export.AdjRibOut"/>, so a best-path
/// change is exported and coalesced once per group and the RIB loop writes it once and offers the same octets to
/// every member. A peer is groupable unless it sends ADD-PATH. A group of one member is exported to with the two
/// rules that name the peer itself (not back to the peer the route came from, RFC 4271 9.2; not to the peer whose
/// BGP Identifier is the ORIGINATOR_ID, RFC 4456 8): <see cref="EnginePeer.OwnExporter"/>, so a lone peer gets
/// exactly what it gets without groups, as FRR's <c>onlypeer</c> for a subgroup of one (bgp_updgrp_adv.c). A group
/// of several is exported to without them (<see cref="EnginePeer.SharedExporter"/>: peer id -2, no BGP
/// Identifier, equal for every peer of the key), as FRR's; the member drops what comes back to it: RFC 4456 8
/// (its own ORIGINATOR_ID) or RFC 4271 9.1.2 (its AS in the AS_PATH). Both exporters share the memo
/// (<see cref="ExportMemo.ClassOf"/> has neither id nor identifier, and the memo is asked after the rules).
/// <para>
/// Invariants. Every groupable peer is in exactly one group, alone or not; a group's first member exports for all.
/// A new peer starts in a group of its own (its own Adj-RIB-Out, its initial table and End-of-RIB as before).
/// Merge (<see cref="MergeGroups"/>, called by the loop after a drain round): two groups of one key join when
/// neither has anything pending (End-of-RIB included) and no member is still being sent octets already written;
/// the larger group stays. Both sent states are then export(key, best path) for every prefix, except that a lone
/// group's lacks its member's own routes (checked by <see cref="VerifyMerges"/>). The group that stays, when lone,
/// finds its member's own routes (one scan of the best paths per merge round) and adopts every joining group's
/// copies of them as sent (the joining members have them, and must get their withdrawal; its own member never gets
/// them, which it would drop anyway); then it announces them to the merged group, which sends only what no member
/// had (a route from one member with the other's BGP Identifier as ORIGINATOR_ID). Pending them without adopting
/// would lose a withdrawal: coalesced with the pending announcement of a route never sent, it sends nothing, while
/// a joining member still has the route. The joining members likewise never get their own routes that the group
/// has sent (a later withdrawal of one is ignored, a later announcement replaces it: RFC 4271 3.1). The joining
/// group's Adj-RIB-Out is cleared (its references and destination holds given back). Leave: a member that goes down leaves; the last one clears
/// the Adj-RIB-Out as a peer's own was cleared. A member whose key changes (its export filter,
/// <see cref="ReplacePolicy"/>) splits at once into a group of its own whose Adj-RIB-Out starts from a copy of the
/// group's sent state (the member was given all of it); the re-export that follows (with its own rules) sends what
/// differs, its own routes withdrawn among it, and every copied route whose prefix has no best path any more (a
/// withdrawal the group still had pending) is withdrawn; while the group still resends a route refresh, the member
/// (maybe the one that asked) gets a whole resend of its own. A group left with one member (a leave or a split)
/// exports to it with its own rules again and withdraws its own routes it was sent (a scan of the best paths; for
/// a leave, once the departed peer's paths are gone or kept stale, so that every best path has its source). A
/// route refresh (RFC 2918) from a member resends the group's whole Adj-RIB-Out to every member: harmless (RFC 4271
/// 3.1, an announcement implicitly replaces the route) and needs no split; from a lone member, it resends what it
/// has, without its own routes.
/// </para>
/// </summary>
public sealed partial class RibEngine
{
    /// <summary>The peer id a group of several's export rules see: no source has it (sessions are 1 and up, local -1).</summary>
    internal const int GroupablePeerId = -2;

    private readonly Dictionary<UpdateGroupKey, List<UpdateGroup>> _groupsByKey = [];
    /// <summary>Keys with more than one group: the merge candidates (empty in the steady state).</summary>
    private readonly HashSet<UpdateGroupKey> _mergeKeys = [];
    private readonly List<UpdateGroupKey> _keyScratch = [];
    private readonly List<UpdateGroup> _quietScratch = [];
    private readonly List<(Nlri Nlri, ExportedRoute Route)> _sentScratch = [];
    private readonly List<RibPath> _ownScratch = [];

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
        if (_mergeKeys.Count == 0 || Deferring) return 0;
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
            // Against the sent state of before any merge: a merge into a lone group adopts routes (Merge).
            if (VerifyMerges)
                foreach (var g in _quietScratch)
                    if (!ReferenceEquals(g, into)) VerifyMerge(g, into!);
            // A lone group that stays lacks its member's own routes: found once for every group that joins it.
            var lone = into is { Members.Count: 1 } && _quietScratch.Count > 1 ? into.Members[0] : null;
            if (lone is not null) CollectOwnRoutes(lone);
            foreach (var g in _quietScratch)
            {
                if (ReferenceEquals(g, into)) continue;
                Merge(g, into!, lone is not null);
                list.Remove(g);
                merged++;
            }
            if (lone is not null)
            {
                lone.Exporter = lone.SharedExporter!;
                // What no member has (a route from one member with the other's BGP Identifier as ORIGINATOR_ID,
                // RFC 4456 8) the group sends now; announcing again what it adopted sends nothing.
                foreach (var own in _ownScratch) ExportBestTo(lone, own.Prefix, own, hasBest: true);
                _ownScratch.Clear();
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

    /// <summary>
    /// Moves the members of <paramref name="from"/> into <paramref name="into"/>; both quiet, so their sent states are
    /// equal but for a lone group's member's own routes (<see cref="VerifyMerge"/>).
    /// </summary>
    /// <param name="intoWasLone">
    /// <paramref name="into"/> had one member when the round began (<see cref="_ownScratch"/> holds that member's own
    /// routes): it adopts the joining group's copies of them, as sent (the joining members have them and must get
    /// their withdrawal; its own member never gets them, which it would drop).
    /// </param>
    private void Merge(UpdateGroup from, UpdateGroup into, bool intoWasLone)
    {
        if (intoWasLone)
            foreach (var own in _ownScratch)
            {
                var nlri = new Nlri(own.Prefix);
                if (!into.AdjRibOut.TryGetSent(nlri, out _) && from.AdjRibOut.TryGetSent(nlri, out var theirs))
                    into.AdjRibOut.AdoptSent(nlri, theirs);
            }
        from.AdjRibOut.Clear();
        foreach (var m in from.Members)
        {
            m.AdjRibOut = into.AdjRibOut;
            m.Group = into;
            m.IsExportTarget = false;
            m.Exporter = m.SharedExporter!;
            into.Members.Add(m);
        }
        from.Members.Clear();
        MergeCount++;
    }

    /// <summary>The best paths <paramref name="peer"/>'s own rules keep from it (<see cref="IsOwnRoute"/>), into <see cref="_ownScratch"/>.</summary>
    private void CollectOwnRoutes(EnginePeer peer)
    {
        _ownScratch.Clear();
        foreach (var afi in (ReadOnlySpan<Afi>)[Afi.Ipv4, Afi.Ipv6])
        {
            if (!peer.Sends(afi)) continue;
            _scratch.Clear();
            Rib.Table(afi).CopyBestPaths(_scratch);
            foreach (var best in _scratch)
                if (IsOwnRoute(peer, best)) _ownScratch.Add(best);
        }
        _scratch.Clear();
    }

    private UpdateGroupKey KeyOf(EnginePeer peer) => new(ExportMemo.ClassOf(peer.Exporter.Peer), peer.Policy.Export,
        peer.Sends(Afi.Ipv4), peer.Sends(Afi.Ipv6), peer.Facts.CodecOptions.FourOctetAs, peer.Facts.CodecOptions.ExtendedMessage);

    /// <summary>A groupable peer (with an Adj-RIB-Out of its own) starts a group of its own under its current key.</summary>
    private void StartGroup(EnginePeer peer)
    {
        peer.Exporter = peer.OwnExporter;
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
    /// without a group, or the group's last member. <paramref name="nowLone"/>: the member left alone, exported to
    /// with its own rules from now on; the caller withdraws its own routes (<see cref="ExportOwnRoutes"/>) once the
    /// peer's paths are gone or kept stale, when every best path has its source again.
    /// </summary>
    private bool LeaveGroup(EnginePeer peer, out EnginePeer? nowLone)
    {
        nowLone = null;
        if (peer.Group is not { } g) return true;
        peer.Group = null;
        g.Members.Remove(peer);
        if (g.Members.Count > 0)
        {
            g.Members[0].IsExportTarget = true;
            if (g.Members.Count == 1)
            {
                nowLone = g.Members[0];
                nowLone.Exporter = nowLone.OwnExporter;
            }
            return false;
        }
        ForgetGroup(g);
        return true;
    }

    /// <summary>
    /// The peer's export key changed (a new export filter, already in <see cref="EnginePeer.Policy"/>), before its
    /// re-export: alone, its group takes the new key; with others, it leaves them for an Adj-RIB-Out of its own
    /// holding a copy of what the group sent, and withdraws what of that has no best path any more.
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
        g.Members.Remove(peer);
        g.Members[0].IsExportTarget = true;
        // A route refresh still being resent to the group may be this member's (RFC 2918): it gets one of its own.
        bool resend = g.AdjRibOut.HasResendPending;
        if (g.Members.Count == 1) BecomeLone(g.Members[0]);
        var own = NewAdjRibOut();
        _sentScratch.Clear();
        g.AdjRibOut.CopySent(_sentScratch);
        own.SeedSent(_sentScratch);
        peer.AdjRibOut = own;
        StartGroup(peer);
        // The group may still have had a withdrawal pending; the re-export walks best paths only.
        foreach (var (nlri, _) in _sentScratch)
            if (!Rib.TryGetBest(nlri.Prefix, out _)) own.Withdraw(nlri);
        _sentScratch.Clear();
        if (resend) own.ResendAll();
    }

    /// <summary>
    /// The peer is now alone in its group: it is exported to with the rules that name it again, and what it was
    /// sent of its own routes while in company is withdrawn (its rules now reject them; it had dropped them anyway).
    /// </summary>
    private void BecomeLone(EnginePeer peer)
    {
        peer.Exporter = peer.OwnExporter;
        ExportOwnRoutes(peer);
    }

    /// <summary>
    /// Exports again, with the peer's own exporter (alone again), every best path its own rules reject and a group's
    /// accept: learned from it, or (RFC 4456 8) with its BGP Identifier as ORIGINATOR_ID; what of those it was sent
    /// is withdrawn. A scan of the best paths, for the rare moment a group is left with one member. Nothing while
    /// deferring: nothing has been sent, and the end of the deferral sends the table with the exporter of the moment.
    /// </summary>
    private void ExportOwnRoutes(EnginePeer peer)
    {
        if (Deferring) return;
        foreach (var afi in (ReadOnlySpan<Afi>)[Afi.Ipv4, Afi.Ipv6])
        {
            if (!peer.Sends(afi)) continue;
            _scratch.Clear();
            Rib.Table(afi).CopyBestPaths(_scratch);
            foreach (var best in _scratch)
                if (IsOwnRoute(peer, best)) ExportBestTo(peer, best.Prefix, best, hasBest: true);
        }
        _scratch.Clear();
    }

    /// <summary>
    /// True when only the rules that name <paramref name="peer"/> keep <paramref name="path"/> from it. Every path
    /// must have its source (up, or restarting with its paths kept).
    /// </summary>
    private bool IsOwnRoute(EnginePeer peer, in RibPath path)
    {
        if (path.PeerId == peer.Id) return true;
        if (!peer.Facts.IsInternal) return false;
        if (!TryGetSource(path, out var from)) throw new InvalidOperationException($"a path of {path.Prefix} is from peer {path.PeerId}, which is not up");
        var source = from is null ? ExportSource.Local(Settings.RouterId) : from.ExportSource;
        return ExportRules.Check(source, peer.OwnExporter.Peer, path.Attributes.Attributes) == ExportVerdict.OriginatorIsPeer;
    }

    /// <summary>
    /// <see cref="VerifyMerges"/>: both groups quiet, their sent states are export(key, best path) for every prefix,
    /// except that a lone group's lacks its member's own routes (<see cref="IsOwnRoute"/>).
    /// </summary>
    private void VerifyMerge(UpdateGroup from, UpdateGroup into)
    {
        var fromSent = new List<(Nlri Nlri, ExportedRoute Route)>();
        from.AdjRibOut.CopySent(fromSent);
        var intoSent = new List<(Nlri Nlri, ExportedRoute Route)>();
        into.AdjRibOut.CopySent(intoSent);
        var intoByNlri = new Dictionary<Nlri, ExportedRoute>();
        foreach (var (nlri, route) in intoSent) intoByNlri.Add(nlri, route);
        foreach (var (nlri, route) in fromSent)
        {
            if (intoByNlri.Remove(nlri, out var theirs))
            {
                if (!ReferenceEquals(route, theirs)) throw new InvalidOperationException($"update groups of one key sent {nlri} differently");
            }
            else if (!LacksOwn(into, nlri)) throw Unexplained(into, from, nlri);
        }
        foreach (var nlri in intoByNlri.Keys)
            if (!LacksOwn(from, nlri)) throw Unexplained(from, into, nlri);
    }

    private InvalidOperationException Unexplained(UpdateGroup lacking, UpdateGroup having, Nlri nlri) =>
        new($"an update group of {lacking.Members.Count} (first {lacking.Members[0].Id}) lacks {nlri}, which one of "
            + $"{having.Members.Count} (first {having.Members[0].Id}) has; best path from "
            + (Rib.TryGetBest(nlri.Prefix, out var best) ? best.PeerId.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none"));

    private bool LacksOwn(UpdateGroup group, Nlri nlri) =>
        group.Members.Count == 1 && Rib.TryGetBest(nlri.Prefix, out var best) && IsOwnRoute(group.Members[0], best);
}

using System.Buffers;
using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Export;

namespace Bgp.Rib.Engine;

/// <summary>
/// The routing engine behind the RIB loop: one synchronous object that owns the <see cref="Rib"/>
/// (Adj-RIBs-In and Loc-RIB), each Established peer's policy, export stage and <see cref="AdjRibOut"/>, and
/// the prefixes we originate. It is fed <see cref="RibCommand"/>s one at a time by a single writer and
/// never locks, awaits or reads a clock (the house rules of Bgp.Rib).
/// <para>
/// Flow (RFC 4271 9): an UPDATE goes through RFC 7606 treat-as-withdraw, the AS4 merge for a 2-octet
/// peer (RFC 6793 4.2.3), LOCAL_PREF removal from eBGP (5.1.5), loop detection (9.1.2, RFC 4456 8) and
/// import policy (9.1.1) into the Adj-RIB-In; the decision process (9.1.2) picks the best path; every
/// best-path change runs the export rules and export policy (9.1.3, 9.2) towards every Established peer
/// and lands, coalesced, in that peer's Adj-RIB-Out. The loop then drains those with
/// <see cref="WritePending(int, IBufferWriter{byte}, int, CodecOptions)"/> as the session's send queue has room.
/// A peer that comes up gets the whole table followed by End-of-RIB per family (RFC 4724 2).
/// </para>
/// <para>
/// A peer gets the best path with path id 0, unless it negotiated ADD-PATH send (RFC 7911) for the family
/// and its <see cref="PeerRibOptions.AddPathSend"/> asks for several paths (all, best N, the ECMP set): then
/// each path goes with its own stable id (RibEngine.AddPath.cs).
/// </para>
/// </summary>
public sealed partial class RibEngine
{
    /// <summary>The peer id of our own (originated) routes in the Loc-RIB; sessions use 1 and up.</summary>
    public const int LocalPeerId = 0;

    private readonly Dictionary<int, EnginePeer> _peers = [];
    private readonly HashSet<Prefix> _originated = [];
    private readonly List<RibChange> _changes = [];
    /// <summary>Changes a peer-down decides before they are exported (OnPeerDown).</summary>
    internal const int PeerDownBatch = 4096;
    private readonly List<ILocRibObserver> _observers = [];
    private readonly List<RibPath> _scratch = [];
    private readonly List<RibOutcome> _outcomes = [];
    /// <summary>Peers down with graceful restart whose stale routes are still in the RIB (RFC 4724 4.2).</summary>
    private readonly Dictionary<int, EnginePeer> _restarting = [];
    private readonly PathAttributes _localAttributes;

    public RibEngine(RibEngineSettings settings, INextHopTable? nextHops = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        Rib = new Rib(settings.Decision, nextHops);
        Speaker = new LocalSpeaker(settings.LocalAs, settings.RouterId)
        {
            ClusterId = settings.ClusterId ?? settings.RouterId,
            DefaultLocalPref = settings.DefaultLocalPref,
        };
        // Our own routes are a peer like any other to the decision process: external-like (so they win
        // over iBGP copies at 9.1.2.2 (d)) with an empty AS_PATH (so they win at (a) as well).
        Rib.AddPeer(new RibPeer(LocalPeerId, IPAddress.Any, settings.LocalAs, settings.RouterId, isInternal: false));
        // RFC 4271 5.1.1: ORIGIN IGP for a route from inside our AS; no NEXT_HOP, so export puts ours.
        _localAttributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.Empty };
        Rib.Interner.NextHopListener = new NextHopUse(this);
    }

    public RibEngineSettings Settings { get; }
    public Rib Rib { get; }
    public LocalSpeaker Speaker { get; }
    public ExportInterner ExportInterner { get; } = new();

    /// <summary>
    /// Adds an observer of best-path and multipath changes (see <see cref="ILocRibObserver"/>). Add it before
    /// the loop starts, or from the loop.
    /// </summary>
    public void AddObserver(ILocRibObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Add(observer);
    }

    /// <summary>Removes an observer added with <see cref="AddObserver"/>; from the loop only.</summary>
    public bool RemoveObserver(ILocRibObserver observer) => _observers.Remove(observer);

    /// <summary>Peers currently Established (known to the engine).</summary>
    public int PeerCount => _peers.Count;

    public bool IsPeerUp(int peerId) => _peers.ContainsKey(peerId);

    /// <summary>Applies one command. Throws <see cref="ArgumentException"/> for a command type it does not know.</summary>
    public void Execute(RibCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        // Batched export (RibEngine.Batch.cs): whatever is not an UPDATE sees every Adj-RIB-Out up to date.
        if (command is not UpdateReceived && PendingExports > 0) FlushExports();
        switch (command)
        {
            case UpdateReceived u: OnUpdate(u.PeerId, u.Update); break;
            case PeerUp up: OnPeerUp(up); break;
            case PeerDown down: OnPeerDown(down.PeerId, down.RetainStale); break;
            case Originate o: OnOriginate(o.Prefix); break;
            case StopOriginating s: OnStopOriginating(s.Prefix); break;
            case RouteRefreshRequested r: OnRouteRefresh(r.PeerId, r.Family); break;
            case NextHopChanged n: OnNextHopChanged(n); break;
            case ReplacePolicy p: OnReplacePolicy(p); break;
            case SoftResetIn i: OnSoftResetIn(i.PeerId); break;
            case SoftResetOut o: OnSoftResetOut(o.PeerId); break;
            case SweepStale s: OnSweepStale(s.PeerId, s.Family); break;
            case EndDeferral: OnEndDeferral(); break;
            default: throw new ArgumentException($"unknown RIB command {command.GetType().Name}", nameof(command));
        }
    }

    /// <summary>
    /// Writes the peer's pending UPDATEs (and End-of-RIB markers) into <paramref name="output"/>, up to
    /// <paramref name="budget"/> octets (at least one maximum-size message). True when more remains.
    /// False, writing nothing, for a peer that is not up.
    /// </summary>
    public bool WritePending(int peerId, IBufferWriter<byte> output, int budget, CodecOptions options) =>
        WritePending(peerId, output, budget, options, out _);

    /// <inheritdoc cref="WritePending(int, IBufferWriter{byte}, int, CodecOptions)"/>
    public bool WritePending(int peerId, IBufferWriter<byte> output, int budget, CodecOptions options, out int written)
    {
        written = 0;
        // RFC 4724 4.1: nothing goes out while route selection is deferred after our restart.
        if (Deferring) return false;
        return _peers.TryGetValue(peerId, out var peer) && peer.AdjRibOut.WritePending(output, budget, options, out written);
    }

    /// <summary>
    /// Every Adj-RIB-Out gives back the storage a burst of changes grew and no longer uses
    /// (<see cref="Export.AdjRibOut.TrimIdle"/>). The RIB loop calls it on a timer (RibLoop.Trim.cs), not
    /// whenever its queue runs empty: a paced sender empties the queue after nearly every UPDATE. Returns true
    /// while it kept storage that only a later call can give back (spare pending groups taken during the
    /// interval just ended): the loop trims once after the last burst and then only when asked, so without this
    /// answer those spares (256 KiB at most, PendingGroupPool.MaxBytes) stayed for as long as the
    /// daemon was quiet.
    /// </summary>
    public bool TrimIdle()
    {
        bool kept = false;
        // Each Adj-RIB-Out keeps spares of its own too (AdjRibOut.Spares.cs), let go the same way.
        foreach (var peer in _peers.Values)
            if (peer.IsExportTarget) kept |= peer.AdjRibOut.TrimIdle();
        ExportInterner.TrimIdle();
        _batchV4.TrimIdle();
        _batchV6.TrimIdle();
        // Shared by every peer's Adj-RIB-Out, so trimmed once per sweep, and only once no peer took a group for a
        // whole interval.
        return ExportInterner.SpareGroups.TrimIdle() | kept;
    }

    /// <summary>Spare pending groups kept, the interner's and every Adj-RIB-Out's (for tests of trimming).</summary>
    internal int SpareGroupCount
    {
        get
        {
            int n = ExportInterner.SpareGroups.Count;
            foreach (var peer in _peers.Values)
                if (peer.IsExportTarget) n += peer.AdjRibOut.SpareCount;
            return n;
        }
    }

    /// <summary>True while the peer has route changes or an End-of-RIB not written yet.</summary>
    public bool HasPending(int peerId) => _peers.TryGetValue(peerId, out var peer) && peer.AdjRibOut.HasPending;

    /// <summary>
    /// Adds the ids of every peer with pending output to <paramref name="into"/>; returns how many. Of an update
    /// group only the first member is named: its writes are the group's (<see cref="CopyGroupMembers"/>).
    /// </summary>
    public int CollectPeersWithPending(List<int> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        int n = 0;
        if (Deferring) return n;
        foreach (var (id, peer) in _peers)
        {
            if (!peer.AdjRibOut.HasPending || !peer.IsExportTarget) continue;
            into.Add(id);
            n++;
        }
        return n;
    }

    /// <summary>The negotiated facts of an Established peer.</summary>
    public bool TryGetPeerFacts(int peerId, out PeerFacts facts)
    {
        facts = _peers.TryGetValue(peerId, out var peer) ? peer.Facts : null!;
        return facts is not null;
    }

    /// <summary>
    /// Routes a peer's Adj-RIB-Out keeps in its map before its slot store may take over
    /// (<see cref="Export.AdjRibOut.DenseMinimum"/>); tests of the slot store set 0.
    /// </summary>
    internal int AdjRibOutDenseMinimum { get; init; } = 256;

    /// <summary>The peer's Adj-RIB-Out (what it has from us and what is pending).</summary>
    public AdjRibOut? AdjRibOut(int peerId) => _peers.TryGetValue(peerId, out var peer) ? peer.AdjRibOut : null;

    private void OnPeerUp(PeerUp up)
    {
        if (up.PeerId is <= LocalPeerId or > RibPeer.MaxId)
            throw new ArgumentOutOfRangeException(nameof(up), up.PeerId, "session peer ids are 1 to 65535");
        // A PeerUp without the PeerDown before it (a missed event) starts from scratch rather than mixing sessions.
        // Its changes are exported before the new session exists, as Execute does for a PeerDown of its own: left in the
        // batch (RibEngine.Batch.cs), they were flushed best path only, with path id 0, to an ADD-PATH session coming up
        // here (RFC 7911), which gets its paths by id from its initial table.
        if (_peers.ContainsKey(up.PeerId))
        {
            OnPeerDown(up.PeerId, retainStale: false);
            FlushExports();
        }

        var facts = up.Facts;
        var options = up.Options;
        var ribPeer = new RibPeer(up.PeerId, facts.Address, facts.PeerAs, facts.BgpId, facts.IsInternal);
        // Back from a graceful restart: its stale paths stay (under the same id) until refreshed or swept.
        bool restarted = _restarting.Remove(up.PeerId);
        bool redecide = false;
        if (restarted)
        {
            redecide = Rib.Peers.TryGet(up.PeerId, out var before) && !DecidesAlike(before, ribPeer);
            Rib.Peers.Remove(up.PeerId);
        }
        Rib.AddPeer(ribPeer);
        // Update groups (RibEngine.Groups.cs): no per-peer rule for a peer that may share its export.
        bool groupable = Settings.UpdateGroups && facts.CodecOptions.AddPathSend.IsDefaultOrEmpty;
        var exportPeer = new ExportPeer(groupable ? GroupablePeerId : up.PeerId, facts.PeerAs, facts.IsInternal)
        {
            IsReflectorClient = options.IsReflectorClient,
            NextHop = options.NextHop,
            PropagateMed = options.PropagateMed,
            LocalAddressV4 = facts.LocalAddressV4,
            LocalAddressV6 = facts.LocalAddressV6,
            LinkLocalV6 = facts.LinkLocalV6,
            BgpId = groupable ? null : facts.BgpId,
        };
        var policy = Settings.PolicyDefaults.ForPeer(facts.IsInternal, options.ImportFilter, options.ExportFilter);
        var peer = new EnginePeer(up.PeerId, facts, options, policy, ribPeer,
            new PeerExporter(Speaker, exportPeer, ExportInterner, MemoFor(exportPeer)),
            // Sent state by the Loc-RIB's destination index once a peer has a quarter of the table (4 bytes per
            // route per peer, AdjRibOut.Sent.cs), in a map before;
            // OnPeerDown clears it, which gives the destination holds back.
            NewAdjRibOut());
        _peers.Add(up.PeerId, peer);
        if (groupable) StartGroup(peer);
        AddPathPeerUp(peer);
        if (restarted) OnRestartedPeerUp(peer, redecide);
        // After our own restart the table waits for the end of the deferral (RFC 4724 4.1).
        if (Deferring)
        {
            DeferralPeerUp(peer);
            return;
        }
        SendInitialTable(peer);
    }

    private AdjRibOut NewAdjRibOut() => new(ExportInterner, Rib.Ipv4, Rib.Ipv6) { DenseMinimum = AdjRibOutDenseMinimum };

    private void SendInitialTable(EnginePeer peer)
    {
        // The initial table (RFC 4271 9.2 "after the session is established"), then End-of-RIB per family
        // (RFC 4724 2), which AdjRibOut writes only once the family has nothing pending.
        foreach (var afi in (ReadOnlySpan<Afi>)[Afi.Ipv4, Afi.Ipv6])
        {
            if (!peer.Sends(afi)) continue;
            _scratch.Clear();
            Rib.Table(afi).CopyBestPaths(_scratch);
            // The whole table goes out at once: size the Adj-RIB-Out's maps for it instead of growing them
            // by doubling (bench/README.md, AdjRibOutBenchmarks OnePeerPresized).
            peer.AdjRibOut.EnsureCapacity(new AfiSafi(afi, Safi.Unicast), _scratch.Count);
            foreach (var best in _scratch) ExportTo(peer, best.Prefix, best, hasBest: true);
            peer.AdjRibOut.RequestEndOfRib(new AfiSafi(afi, Safi.Unicast));
        }
        _scratch.Clear();
    }

    /// <summary>What the engine's change list can hold now (for tests: a peer-down does not grow it with the table).</summary>
    internal int ChangeListCapacity => _changes.Capacity;

    private void OnPeerDown(int peerId, bool retainStale)
    {
        if (!_peers.Remove(peerId, out var peer)) return;
        // An update group's Adj-RIB-Out stays with the other members; the last one clears it.
        if (LeaveGroup(peer)) peer.AdjRibOut.Clear();
        AddPathPeerDown(peer);
        ReleasePrePolicy(peer);
        if (retainStale)
        {
            RetainStale(peer);
            return;
        }
        // The others lose what only this peer gave them (or get the next best path), a batch of changes at a
        // time: a full-table peer's 1.29M changes in one list took 135 MB of list growth (EventPipe trace of
        // workload 1's teardown) and a list kept at that size for good, before any withdrawal was queued.
        bool more;
        do
        {
            _changes.Clear();
            more = Rib.PeerDown(peerId, _changes, PeerDownBatch);
            foreach (var change in _changes) OnChanged(change);
        }
        while (more);
        Rib.Peers.Remove(peerId);
        _changes.Clear();
    }

    private void OnOriginate(Prefix prefix)
    {
        if (!_originated.Add(prefix)) return;
        var change = Rib.Announce(LocalPeerId, new Nlri(prefix), _localAttributes);
        OnChanged(change);
    }

    private void OnStopOriginating(Prefix prefix)
    {
        if (!_originated.Remove(prefix)) return;
        var change = Rib.Withdraw(LocalPeerId, new Nlri(prefix));
        OnChanged(change);
    }

    private void OnRouteRefresh(int peerId, AfiSafi family)
    {
        // RFC 2918 3: re-advertise the Adj-RIB-Out. AdjRibOut resends every family at once, which is
        // more than asked for a single-family request but never wrong. A member of an update group of several
        // first leaves it for an Adj-RIB-Out of its own (RibEngine.Groups.cs), so that only the peer that asked
        // is sent the table again; it merges back once quiet.
        if (!family.IsUnicastIp || !_peers.TryGetValue(peerId, out var peer)) return;
        // RFC 2918 4: a family the session did not negotiate is ignored (the FSM drops such a message; the API's soft
        // reset out asks for the session's families), rather than splitting the peer off and resending the rest.
        if (!peer.Sends(family.Afi)) return;
        SplitForRouteRefresh(peer);
        peer.AdjRibOut.ResendAll();
    }
}

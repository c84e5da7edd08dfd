using Bgp.Protocol;

namespace Bgp.Rib.Export;

/// <summary>
/// The export rules towards one peer with a memo: a Loc-RIB attribute set exported from the same kind of
/// source maps to the same <see cref="ExportedRoute"/>, so the steady state (many prefixes, few sets)
/// computes and allocates nothing per prefix. Runs before the peer's export policy.
/// </summary>
public sealed class PeerExporter
{
    private readonly ExportMemo _memo;
    private readonly ExportInterner _interner;

    // The last answer, in front of the memo: a full table comes sorted by prefix and consecutive routes mostly
    // share their set, so this skips the rules' checks and hashing and comparing the four-field memo key (Export
    // was 1.8 % self plus ValueTuple.Equals of a full-table ingest in perf). Valid only in the memo generation it
    // was read in, and only while the set is still interned.
    private RouteAttributes? _lastRoute;
    private ExportSource _lastSource;
    private Afi _lastAfi;
    private int _lastGeneration;
    private ExportedRoute? _lastExported;

    public PeerExporter(LocalSpeaker speaker, ExportPeer peer, ExportInterner interner)
        : this(speaker, peer, interner, new ExportMemo())
    {
    }

    /// <param name="memo">Shared with the peers of the same <see cref="ExportMemo.ClassOf"/>.</param>
    internal PeerExporter(LocalSpeaker speaker, ExportPeer peer, ExportInterner interner, ExportMemo memo)
    {
        ArgumentNullException.ThrowIfNull(memo);
        _memo = memo;
        ArgumentNullException.ThrowIfNull(speaker);
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(interner);
        Speaker = speaker;
        Peer = peer;
        _interner = interner;
    }

    public LocalSpeaker Speaker { get; }
    public ExportPeer Peer { get; }

    /// <summary>
    /// Whether <paramref name="route"/> for a prefix of <paramref name="afi"/>, learned from
    /// <paramref name="source"/>, goes to this peer, and with what. On <see cref="ExportVerdict.Advertise"/>
    /// the caller owns one reference to <paramref name="exported"/> (hand it to
    /// <see cref="AdjRibOut.Announce"/> or give it back with <see cref="ExportInterner.Release"/>).
    /// </summary>
    public ExportVerdict Export(in ExportSource source, Afi afi, RouteAttributes route, out ExportedRoute? exported)
    {
        ArgumentNullException.ThrowIfNull(route);
        exported = null;
        // The last answer covers Check as well: its verdict depends only on the source, this exporter's
        // (immutable) peer and the (immutable) set, and Check scans the communities three times.
        if (ReferenceEquals(route, _lastRoute) && source == _lastSource && afi == _lastAfi
            && _lastGeneration == _memo.Generation && _lastExported!.ReferenceCount > 0)
        {
            _interner.AddReference(_lastExported);
            exported = _lastExported;
            return ExportVerdict.Advertise;
        }
        var verdict = ExportRules.Check(source, Peer, route.Attributes);
        if (verdict != ExportVerdict.Advertise) return verdict;

        // A memoised set whose references all went has left the interner; TryGet does not hand it out again.
        if (_memo.TryGet(route, source, afi, out var known))
        {
            _interner.AddReference(known);
            exported = known;
            Remember(source, afi, route, known);
            return ExportVerdict.Advertise;
        }
        verdict = ExportRules.Rewrite(Speaker, source, Peer, afi, route, out var attributes, out var nextHop, out var linkLocal, out var derivation);
        if (verdict != ExportVerdict.Advertise) return verdict;
        exported = _interner.Intern(afi, attributes, nextHop, linkLocal, derivation);
        _memo.Set(route, source, afi, exported, _interner.Count);
        Remember(source, afi, route, exported);
        return ExportVerdict.Advertise;
    }

    private void Remember(in ExportSource source, Afi afi, RouteAttributes route, ExportedRoute exported)
    {
        _lastRoute = route;
        _lastSource = source;
        _lastAfi = afi;
        _lastGeneration = _memo.Generation;
        _lastExported = exported;
    }
}

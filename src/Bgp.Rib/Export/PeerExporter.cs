using Bgp.Protocol;

namespace Bgp.Rib.Export;

/// <summary>
/// The export rules towards one peer with a memo: a Loc-RIB attribute set exported from the same kind of
/// source maps to the same <see cref="ExportedRoute"/>, so the steady state (many prefixes, few sets)
/// computes and allocates nothing per prefix. Runs before the peer's export policy.
/// </summary>
public sealed class PeerExporter
{
    private readonly Dictionary<(RouteAttributes Route, SourceKind Kind, uint SourceBgpId, Afi Afi), ExportedRoute> _memo;
    private readonly ExportInterner _interner;

    public PeerExporter(LocalSpeaker speaker, ExportPeer peer, ExportInterner interner)
        : this(speaker, peer, interner, new ExportMemo())
    {
    }

    /// <param name="memo">Shared with the peers of the same <see cref="ExportMemo.ClassOf"/>.</param>
    internal PeerExporter(LocalSpeaker speaker, ExportPeer peer, ExportInterner interner, ExportMemo memo)
    {
        ArgumentNullException.ThrowIfNull(memo);
        _memo = memo.Entries;
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
        var verdict = ExportRules.Check(source, Peer, route.Attributes);
        if (verdict != ExportVerdict.Advertise) return verdict;

        var key = (route, source.Kind, source.BgpId, afi);
        // A memoised set whose references all went has left the interner; it must not be handed out again.
        if (_memo.TryGetValue(key, out var known) && known.ReferenceCount > 0)
        {
            _interner.AddReference(known);
            exported = known;
            return ExportVerdict.Advertise;
        }
        verdict = ExportRules.Rewrite(Speaker, source, Peer, afi, route, out var attributes, out var nextHop, out var linkLocal);
        if (verdict != ExportVerdict.Advertise) return verdict;
        exported = _interner.Intern(afi, attributes, nextHop, linkLocal);
        // The memo only saves work; it is emptied rather than tracked when Loc-RIB sets come and go.
        if (_memo.Count >= 4 * _interner.Count + 1024) _memo.Clear();
        _memo[key] = exported;
        return ExportVerdict.Advertise;
    }
}

namespace Bgp.Rib.Export;

/// <summary>
/// What <see cref="ExportRules.Rewrite"/> made of a Loc-RIB attribute set, for every peer whose rewrite
/// inputs are the same (<see cref="ClassOf"/>). One memo per peer held one entry per Loc-RIB set per peer:
/// with 500 eBGP peers and 2,000 sets that was 80 MB, the largest per-session cost. Peers that differ only
/// in the fields Rewrite does not read (peer id, BGP Identifier: they matter to <see cref="ExportRules.Check"/>,
/// which runs before the memo) share one, as BIRD and FRR share an update group's export.
/// </summary>
internal sealed class ExportMemo
{
    public Dictionary<(RouteAttributes Route, SourceKind Kind, uint SourceBgpId, Bgp.Protocol.Afi Afi), ExportedRoute> Entries { get; } = [];

    /// <summary>
    /// Bumped by every <see cref="Clear"/>: a <see cref="PeerExporter"/>'s remembered last answer is a view of
    /// this memo and holds only while the generation it was read in lasts.
    /// </summary>
    public int Generation { get; private set; }

    /// <summary>Empties the memo (and so every exporter's remembered last answer taken from it).</summary>
    public void Clear()
    {
        Entries.Clear();
        Generation++;
    }

    /// <summary>The key peers share a memo under: <paramref name="peer"/> without what Rewrite ignores.</summary>
    public static ExportPeer ClassOf(ExportPeer peer) => peer with { PeerId = 0, BgpId = null };
}

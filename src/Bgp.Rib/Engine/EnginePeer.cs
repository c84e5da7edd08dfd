using Bgp.Protocol;
using Bgp.Rib.Export;
using Bgp.Rib.Policy;

namespace Bgp.Rib.Engine;

/// <summary>The engine's state for one Established peer: its facts, policy, export stage and Adj-RIB-Out.</summary>
internal sealed class EnginePeer(int id, PeerFacts facts, PeerRibOptions options, PeerPolicy policy, RibPeer ribPeer,
    PeerExporter exporter, AdjRibOut adjRibOut)
{
    public int Id { get; } = id;
    public PeerFacts Facts { get; } = facts;
    /// <summary>Replaced with the filters of a <see cref="ReplacePolicy"/>.</summary>
    public PeerRibOptions Options { get; set; } = options;
    public PeerPolicy Policy { get; set; } = policy;
    public RibPeer RibPeer { get; } = ribPeer;
    public PeerExporter Exporter { get; } = exporter;
    /// <summary>The peer's own, or its update group's shared one (RibEngine.Groups.cs).</summary>
    public AdjRibOut AdjRibOut { get; set; } = adjRibOut;

    /// <summary>
    /// The update group of a groupable peer (update groups on, no ADD-PATH send), possibly only this peer; null for
    /// the others.
    /// </summary>
    public UpdateGroup? Group { get; set; }

    /// <summary>
    /// True when exports and writes for this peer's Adj-RIB-Out go through this peer: a peer of its own, or the
    /// first member of its group (the others share the result). Kept by the group's changes (RibEngine.Groups.cs)
    /// rather than read from the group: ExportChange asks it of every peer for every change (workload 3: 51 peers
    /// times 100,000 changes, 3 % of bgpd's samples as a look at the group's first member).
    /// </summary>
    public bool IsExportTarget { get; set; } = true;

    /// <summary>The source every route learned from this peer has on export.</summary>
    public ExportSource ExportSource { get; } = ExportSource.FromPeer(ribPeer, options.IsReflectorClient);

    /// <summary>The source every route learned from this peer has in policy.</summary>
    public RouteSource PolicySource { get; } = facts.IsInternal
        ? RouteSource.Ibgp(facts.Address, facts.PeerAs)
        : RouteSource.Ebgp(facts.Address, facts.PeerAs);

    /// <summary>
    /// The routes as received (after the RFC 7606, AS4 and LOCAL_PREF steps, before import policy), interned
    /// in the Rib's interner; null unless soft reconfiguration inbound is on.
    /// </summary>
    public Dictionary<Nlri, RouteAttributes>? PrePolicy { get; } = options.SoftReconfigurationInbound ? [] : null;

    /// <summary>The prefix limit was crossed and reported; cleared when the count is back at the limit.</summary>
    public bool LimitReported { get; set; }

    /// <summary>The limit was crossed with the Shutdown action: the session is about to close, UPDATEs are ignored.</summary>
    public bool LimitShutdown { get; set; }

    /// <summary>The ADD-PATH send mode per family: the configured one where path ids were negotiated, else none.</summary>
    public AddPathSendMode AddPathV4 { get; } = AddPathModeFor(options, facts, AfiSafi.Ipv4Unicast);
    public AddPathSendMode AddPathV6 { get; } = AddPathModeFor(options, facts, AfiSafi.Ipv6Unicast);

    /// <summary>Path ids of each prefix the peer has (or is about to get) from us, in a family with an ADD-PATH mode.</summary>
    public Dictionary<Prefix, uint[]> AddPathIds { get; } = [];

    public AddPathSendMode AddPathMode(Afi afi) => afi == Afi.Ipv6 ? AddPathV6 : AddPathV4;

    private static AddPathSendMode AddPathModeFor(PeerRibOptions options, PeerFacts facts, AfiSafi family) =>
        facts.CodecOptions.SendsPathId(family) ? options.AddPathSend : AddPathSendMode.None;

    // Asked for every peer on every best-path change: Facts.Supports searches the negotiated families, which
    // was 1.2 % of bgpd's CPU in a full-table load. Facts never change for an EnginePeer.
    private readonly bool _sendsV4 = facts.Supports(AfiSafi.Ipv4Unicast);
    private readonly bool _sendsV6 = facts.Supports(AfiSafi.Ipv6Unicast);

    public bool Sends(Afi afi) => afi == Afi.Ipv6 ? _sendsV6 : afi == Afi.Ipv4 && _sendsV4;
}

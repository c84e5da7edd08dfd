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
    public PeerRibOptions Options { get; } = options;
    public PeerPolicy Policy { get; } = policy;
    public RibPeer RibPeer { get; } = ribPeer;
    public PeerExporter Exporter { get; } = exporter;
    public AdjRibOut AdjRibOut { get; } = adjRibOut;

    /// <summary>The source every route learned from this peer has on export.</summary>
    public ExportSource ExportSource { get; } = ExportSource.FromPeer(ribPeer, options.IsReflectorClient);

    /// <summary>The source every route learned from this peer has in policy.</summary>
    public RouteSource PolicySource { get; } = facts.IsInternal
        ? RouteSource.Ibgp(facts.Address, facts.PeerAs)
        : RouteSource.Ebgp(facts.Address, facts.PeerAs);

    public bool Sends(Afi afi) => Facts.Supports(new AfiSafi(afi, Safi.Unicast));
}

using Bgp.Rib.Policy;

namespace Bgp.Rib.Engine;

/// <summary>This speaker as the RIB sees it: AS, router id, CLUSTER_ID and the decision and policy defaults.</summary>
public sealed record RibEngineSettings(uint LocalAs, uint RouterId)
{
    /// <summary>The RFC 4456 CLUSTER_ID; null: the router id.</summary>
    public uint? ClusterId { get; init; }

    /// <summary>LOCAL_PREF given to iBGP peers for a route without one (RFC 4271 5.1.5).</summary>
    public uint DefaultLocalPref { get; init; } = 100;

    public DecisionOptions Decision { get; init; } = DecisionOptions.Default;

    public PolicyDefaults PolicyDefaults { get; init; } = PolicyDefaults.Rfc8212;

    /// <summary>
    /// Update groups (RibEngine.Groups.cs): peers without ADD-PATH send whose export and encoding are equal share
    /// one Adj-RIB-Out, so each change is exported and written once per group. Such a peer is exported to without
    /// the two per-peer rules (not back to the peer a route came from, not to its originator), as FRR does for an
    /// update subgroup of several peers; the peer drops those routes itself (RFC 4456 8, RFC 4271 9.1.2).
    /// </summary>
    public bool UpdateGroups { get; init; }
}

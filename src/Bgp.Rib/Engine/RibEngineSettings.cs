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
}

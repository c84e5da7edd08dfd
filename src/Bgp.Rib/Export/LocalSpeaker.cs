namespace Bgp.Rib.Export;

/// <summary>
/// What the export rules need to know about this speaker: its AS (prepended towards eBGP peers, RFC 4271
/// 5.1.2), its BGP Identifier, the CLUSTER_ID it prepends when reflecting (RFC 4456 7: the router id
/// unless configured) and the LOCAL_PREF given to iBGP peers when a route has none (RFC 4271 5.1.5).
/// </summary>
public sealed record LocalSpeaker(uint LocalAs, uint RouterId)
{
    /// <summary>The RFC 4456 CLUSTER_ID; defaults to the router id.</summary>
    public uint ClusterId { get; init; } = RouterId;

    /// <summary>LOCAL_PREF sent to internal peers for a route that carries none (BIRD, GoBGP and FRR use 100).</summary>
    public uint DefaultLocalPref { get; init; } = 100;
}

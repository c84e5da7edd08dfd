namespace Bgp.Daemon.Config;

/// <summary>
/// <c>bestPath:</c> the optional steps of the decision process (RFC 4271 9.1.2.2), named as the knobs users
/// know from BIRD, FRR and Cisco. Defaults: the RFC's behaviour with deterministic MED.
/// </summary>
public sealed record BestPathConfig
{
    /// <summary>Compare MED between routes from different neighbour ASes (BIRD <c>med metric</c>, Cisco <c>always-compare-med</c>).</summary>
    public bool AlwaysCompareMed { get; init; }

    /// <summary>Group paths by neighbour AS before comparing MED, so the result does not depend on arrival order.</summary>
    public bool DeterministicMed { get; init; } = true;

    /// <summary>A route without MED loses against one with any MED (Cisco <c>missing-as-worst</c>); off: missing MED is 0 (RFC 4271).</summary>
    public bool MissingMedAsWorst { get; init; }

    /// <summary>Among eBGP paths otherwise equal, keep the oldest (RFC 5004) rather than deciding by router id.</summary>
    public bool PreferOldestExternal { get; init; }

    /// <summary>ECMP across paths from different neighbour ASes of the same AS_PATH length (FRR <c>multipath-relax</c>).</summary>
    public bool MultipathRelax { get; init; }

    /// <summary>LOCAL_PREF given to a route that arrives without one (eBGP routes, our own).</summary>
    public uint DefaultLocalPref { get; init; } = 100;
}

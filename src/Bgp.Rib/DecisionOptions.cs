namespace Bgp.Rib;

/// <summary>Knobs of the decision process, with the defaults BIRD, FRR and Junos users expect.</summary>
public sealed record DecisionOptions
{
    public static readonly DecisionOptions Default = new();

    /// <summary>Degree of preference of a route that carries no LOCAL_PREF (RFC 4271 9.1.1; 100 everywhere).</summary>
    public uint DefaultLocalPref { get; init; } = 100;

    /// <summary>Compare MED between routes from different neighbour ASes too (BIRD <c>med metric</c>, Cisco <c>always-compare-med</c>).</summary>
    public bool AlwaysCompareMed { get; init; }

    /// <summary>
    /// Compare MED as RFC 4271 9.1.2.2 (c) writes it: over the whole candidate set, grouped by neighbour AS,
    /// so that the result never depends on the order routes arrived. On by default because the other
    /// way (Cisco's default, BIRD's without <c>deterministic med</c>) walks the routes pairwise in arrival
    /// order, and with MED's non-transitive comparison that makes the best path depend on history.
    /// </summary>
    public bool DeterministicMed { get; init; } = true;

    /// <summary>Treat a missing MED as the worst value instead of 0 (RFC 4271 says 0; Cisco <c>missing-as-worst</c>).</summary>
    public bool MissingMedAsWorst { get; init; }

    /// <summary>
    /// Prefer the oldest of otherwise equal eBGP routes (RFC 5004) to avoid churn. Off by default: it makes
    /// the best path depend on arrival order, which tests and reflector topologies would rather not.
    /// </summary>
    public bool PreferOldestExternal { get; init; }

    /// <summary>Most paths in the ECMP multipath set (1 = no multipath).</summary>
    public int MaxPaths { get; init; } = 1;

    /// <summary>Let paths from different neighbour ASes share the multipath set (Cisco <c>multipath-relax</c>).</summary>
    public bool MultipathRelax { get; init; }
}

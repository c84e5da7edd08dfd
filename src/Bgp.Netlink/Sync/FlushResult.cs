namespace Bgp.Netlink.Sync;

/// <summary>
/// What one <see cref="FibSync.Flush"/> (or <see cref="FibSync.Reconcile"/>) did. Counts are of routes,
/// not requests: a route whose metric changed takes an add and a delete but counts once as replaced.
/// </summary>
public sealed class FlushResult
{
    /// <summary>Routes newly installed.</summary>
    public int Added { get; internal set; }

    /// <summary>Installed routes changed in place (next hops, type) or moved to a new metric.</summary>
    public int Replaced { get; internal set; }

    /// <summary>Routes removed from the kernel (including ones that were already gone).</summary>
    public int Removed { get; internal set; }

    /// <summary>Routes waiting for their back-off to expire, not sent this time.</summary>
    public int Deferred { get; internal set; }

    /// <summary>Reconcile only: routes the kernel already held exactly as wanted, left untouched.</summary>
    public int Unchanged { get; internal set; }

    /// <summary>Routes the kernel refused this time; each is retried by a later flush.</summary>
    public List<FibFailure> Failures { get; } = [];

    public override string ToString() =>
        "added " + Added + ", replaced " + Replaced + ", removed " + Removed + ", unchanged " + Unchanged
        + ", deferred " + Deferred + ", failed " + Failures.Count;
}

namespace Bgp.Daemon.Routing;

/// <summary>Settings of a <see cref="KernelSync"/> (from <c>kernel:</c> and <c>gracefulRestart:</c>).</summary>
public sealed record KernelSyncOptions
{
    /// <summary>The table our routes go into (254 main).</summary>
    public uint Table { get; init; } = 254;

    /// <summary>Our rtm_protocol (186 "bgp"); no route of another protocol is ever changed.</summary>
    public byte Protocol { get; init; } = 186;

    /// <summary>
    /// Graceful restart (RFC 4724) on our side: routes of ours found at start stay untouched until
    /// <see cref="KernelSync.MarkConverged"/> or <see cref="SelectionDeferral"/>; on stop they are left in place.
    /// Off: stale routes are removed at start and ours are removed on stop.
    /// </summary>
    public bool GracefulRestart { get; init; }

    /// <summary>RFC 4724 4.1 selection_deferral_timer: the longest wait for convergence after a restart.</summary>
    public TimeSpan SelectionDeferral { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The table next hops are resolved in (the kernel's main table).</summary>
    public uint ResolutionTable { get; init; } = 254;

    /// <summary>First wait before a refused route is tried again (doubling up to <see cref="RetryMax"/>).</summary>
    public TimeSpan RetryInitial { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMax { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Next-hop tracking (<c>kernel.nextHopTracking</c>): every next hop the RIB uses is resolved in
    /// <see cref="ResolutionTable"/> and its reachability and metric fed to the decision process (RFC 4271
    /// 9.1.2.1, 9.1.2.2 (e)). Off: every next hop counts as connected with cost 0 and an unreachable one only
    /// keeps its prefix out of the kernel.
    /// </summary>
    public bool NextHopTracking { get; init; } = true;

    /// <summary>A network namespace file to program instead of our own (tests).</summary>
    public string? NetworkNamespacePath { get; init; }
}

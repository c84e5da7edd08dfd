using Bgp.Rib.Export;
using Bgp.Rib.Policy;

namespace Bgp.Rib.Engine;

/// <summary>
/// The configured (not negotiated) RIB behaviour towards one peer. Filters left null resolve through
/// <see cref="RibEngineSettings.PolicyDefaults"/>: RFC 8212 makes a missing filter on eBGP reject everything.
/// </summary>
public sealed record PeerRibOptions
{
    public static readonly PeerRibOptions Default = new();

    public Filter? ImportFilter { get; init; }
    public Filter? ExportFilter { get; init; }

    /// <summary>An RFC 4456 client of ours (only meaningful for an internal peer).</summary>
    public bool IsReflectorClient { get; init; }

    public NextHopMode NextHop { get; init; } = NextHopMode.Default;

    /// <summary>Keep a MED learned from another AS towards this eBGP peer (off: RFC 4271 5.1.4).</summary>
    public bool PropagateMed { get; init; }

    /// <summary>How often our own AS may appear in a received AS_PATH (Calico's numAllowedLocalASNumbers).</summary>
    public int AllowedLocalAs { get; init; }

    /// <summary>
    /// RFC 4486 max-prefix: the most paths the peer may have accepted (post-import-policy, all families
    /// together) before <see cref="PrefixLimitAction"/> applies; null for no limit.
    /// </summary>
    public uint? PrefixLimit { get; init; }

    public PrefixLimitAction PrefixLimitAction { get; init; } = PrefixLimitAction.Shutdown;

    /// <summary>
    /// Keep the peer's routes as received (before import policy) so a new import policy can be applied
    /// without asking the peer for a ROUTE-REFRESH (soft reconfiguration inbound).
    /// </summary>
    public bool SoftReconfigurationInbound { get; init; }

    /// <summary>
    /// Graceful restart, receiving side (RFC 4724 4.2), read by the RIB loop that runs the timers: keep a
    /// GR peer's routes as stale when its TCP connection is lost.
    /// </summary>
    public bool GracefulRestart { get; init; }

    /// <summary>
    /// ADD-PATH send (RFC 7911): which paths per prefix go to the peer, in the families where the session
    /// negotiated sending path identifiers (<see cref="Bgp.Protocol.CodecOptions.AddPathSend"/>); other
    /// families get the best path only.
    /// </summary>
    public AddPathSendMode AddPathSend { get; init; }

    /// <summary>The N of <see cref="AddPathSendMode.BestN"/> (at least 1).</summary>
    public int AddPathMaxPaths { get; init; } = 1;

    /// <summary>Upper bound on the restart time the peer advertises (Calico's maxRestartTime).</summary>
    public TimeSpan MaxRestartTime { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long stale routes may wait for the peer's End-of-RIB once it is back.</summary>
    public TimeSpan StalePathTime { get; init; } = TimeSpan.FromSeconds(360);
}

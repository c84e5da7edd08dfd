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
}

using Bgp.Rib.Engine;

namespace Bgp.Daemon.Routing;

/// <summary>
/// The loop acted on (or could not act on) an engine outcome: <paramref name="Done"/> is true when the
/// session close (prefix limit, Shutdown) was started or the ROUTE-REFRESH was queued; false for a Warn
/// limit, a peer no longer attached, or a peer without the Route Refresh capability.
/// </summary>
public sealed record RibOutcomeHandled(RibOutcome Outcome, bool Done);

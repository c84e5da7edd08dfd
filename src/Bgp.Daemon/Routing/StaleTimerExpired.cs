using Bgp.Rib.Engine;

namespace Bgp.Daemon.Routing;

/// <summary>
/// A graceful-restart timer of the peer ran out (restart time while it is down, stale path time once it is
/// back); it counts only if the peer's session generation is still the one the timer was started in.
/// </summary>
internal sealed record StaleTimerExpired(int PeerId, long Generation) : RibCommand;

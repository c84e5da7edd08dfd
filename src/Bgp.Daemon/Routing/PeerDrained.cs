using Bgp.Rib.Engine;

namespace Bgp.Daemon.Routing;

/// <summary>A peer's send task handed its last UPDATE to the session's queue: the loop may encode more for it.</summary>
internal sealed record PeerDrained(int PeerId) : RibCommand;

using Bgp.Rib.Engine;

namespace Bgp.Daemon.Routing;

/// <summary>
/// A session reached Established: the engine's <see cref="PeerUp"/>, and the number of that Established
/// (<see cref="Sessions.PeerSession.ConnectionEpoch"/>), which the loop sends every UPDATE for the peer with until
/// the session's PeerDown, so that none reaches a later session's connection.
/// </summary>
internal sealed record SessionUp(PeerUp Up, long ConnectionEpoch) : RibCommand;

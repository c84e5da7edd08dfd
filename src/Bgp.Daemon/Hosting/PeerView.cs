using Bgp.Daemon.Config;
using Bgp.Daemon.Sessions;

namespace Bgp.Daemon.Hosting;

/// <summary>
/// One peer as the API and /metrics show it: its session, its configuration, and its route counts read from
/// the RIB loop (Adj-RIB-In after import policy, Adj-RIB-Out). The RIB keeps no pre-policy copy yet, so
/// <see cref="PrefixesReceived"/> counts routes before import policy where the peer keeps them
/// (softReconfigurationInbound); otherwise it equals <see cref="PrefixesAccepted"/>.
/// </summary>
public sealed record PeerView(PeerSession Session, NeighborConfig Config, long PrefixesReceived, long PrefixesAccepted, long PrefixesAdvertised);

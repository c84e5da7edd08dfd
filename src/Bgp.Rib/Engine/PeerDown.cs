namespace Bgp.Rib.Engine;

/// <summary>
/// The session with <paramref name="PeerId"/> left Established: its Adj-RIB-Out is forgotten and its routes go,
/// unless <paramref name="RetainStale"/> (graceful restart, RFC 4724 4.2: the peer negotiated it and the
/// session ended without a NOTIFICATION), in which case they stay, marked stale, until it comes back and
/// refreshes them or a <see cref="SweepStale"/> removes them.
/// </summary>
public sealed record PeerDown(int PeerId, bool RetainStale = false) : RibCommand;

using Bgp.Protocol;

namespace Bgp.Rib.Engine;

/// <summary>
/// Removes the peer's routes still stale after a graceful restart (RFC 4724 4.2): posted by the RIB loop when
/// the restart time or the stale path time runs out. <paramref name="Family"/> null: every family.
/// </summary>
public sealed record SweepStale(int PeerId, AfiSafi? Family = null) : RibCommand;

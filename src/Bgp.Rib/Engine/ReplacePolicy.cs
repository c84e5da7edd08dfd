using Bgp.Rib.Policy;

namespace Bgp.Rib.Engine;

/// <summary>
/// New import and export filters for a peer (null: the RFC 8212 default). Import is re-run over the kept
/// routes as received (or a <see cref="RouteRefreshNeeded"/> is reported), export over the Loc-RIB; only the
/// differences go out. A side whose filter is the same object is left alone.
/// </summary>
public sealed record ReplacePolicy(int PeerId, Filter? ImportFilter, Filter? ExportFilter) : RibCommand;

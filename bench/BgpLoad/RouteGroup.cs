using Bgp.Protocol;
using Bgp.Protocol.Attributes;

namespace Bgp.Load;

/// <summary>Routes of one family sharing one attribute set, as a neighbour's Adj-RIB-Out would pack them.
/// The AS path is the view before the generator's own AS is prepended (eBGP) and carries no next hop:
/// both are set per session when the UPDATEs are written.</summary>
public sealed record RouteGroup(AfiSafi Family, PathAttributes Attributes, Nlri[] Routes);

using System.Net;

namespace Bgp.Rib.Engine;

/// <summary>
/// The IGP (for bgpd: the kernel's routing table) says something new about <paramref name="NextHop"/>: whether
/// it resolves and its metric. Every prefix with a candidate through it is decided again (RFC 4271 9.1.2.1:
/// a route with an unresolvable NEXT_HOP is excluded; 9.1.2.2 (e): lowest IGP cost). Applies to the
/// engine's own <see cref="NextHopTable"/>; an injected <see cref="INextHopTable"/> answers for itself.
/// </summary>
public sealed record NextHopChanged(IPAddress NextHop, NextHopState State) : RibCommand;

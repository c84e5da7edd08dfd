using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;

namespace Bgp.Rib.Policy;

/// <summary>
/// One route as a filter sees it: the prefix (which gives the family), its path attributes, the next hop
/// it resolves through, where it came from, and our own AS (for prepending). A struct passed by
/// <c>in</c>: building one for every route costs no allocation.
/// </summary>
/// <param name="NextHop">
/// The next hop when it is not the NEXT_HOP attribute (the MP_REACH_NLRI next hop of an IPv6 route);
/// null means "use <see cref="PathAttributes.NextHop"/>", see <see cref="EffectiveNextHop"/>.
/// </param>
public readonly record struct RouteContext(Prefix Prefix, PathAttributes Attributes, IPAddress? NextHop, RouteSource Source, uint LocalAs)
{
    public Afi Family => Prefix.Afi;

    /// <summary>The next hop the route resolves through: <see cref="NextHop"/>, else the NEXT_HOP attribute.</summary>
    public IPAddress? EffectiveNextHop => NextHop ?? Attributes.NextHop;
}

using Bgp.Protocol;

namespace Bgp.Rib.Policy;

/// <summary>
/// The route's next hop (<see cref="RouteContext.EffectiveNextHop"/>) lies in <see cref="Range"/>: a
/// host prefix (/32, /128) for one address. A route without a next hop never matches.
/// </summary>
public sealed record NextHopMatch(Prefix Range) : RouteMatch
{
    public override bool Matches(in RouteContext route) =>
        route.EffectiveNextHop is { } nh && AddressMatch.InPrefix(Range, nh);

    public override string ToString() => $"next-hop {Range}";
}

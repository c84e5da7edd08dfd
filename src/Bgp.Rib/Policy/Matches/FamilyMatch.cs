using Bgp.Protocol;

namespace Bgp.Rib.Policy;

/// <summary>The route's address family (ipv4 / ipv6).</summary>
public sealed record FamilyMatch(Afi Family) : RouteMatch
{
    public override bool Matches(in RouteContext route) => route.Family == Family;

    public override string ToString() => $"family {Family.ToString().ToLowerInvariant()}";
}

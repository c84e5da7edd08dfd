namespace Bgp.Rib.Policy;

/// <summary>The neighbouring AS (the first AS of the path, confederation segments skipped; RFC 4271 9.1.2.2 c) is <see cref="Asn"/>.</summary>
public sealed record NeighborAsMatch(uint Asn) : RouteMatch
{
    public override bool Matches(in RouteContext route) => route.Attributes.AsPath?.FirstAs == Asn;

    public override string ToString() => $"neighbor-as {Asn}";
}

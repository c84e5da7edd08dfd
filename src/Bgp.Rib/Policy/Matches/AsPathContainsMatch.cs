namespace Bgp.Rib.Policy;

/// <summary>The AS_PATH holds <see cref="Asn"/> anywhere (any segment type, sets and confederation segments included).</summary>
public sealed record AsPathContainsMatch(uint Asn) : RouteMatch
{
    public override bool Matches(in RouteContext route) => route.Attributes.AsPath?.Contains(Asn) ?? false;

    public override string ToString() => $"as-path contains {Asn}";
}

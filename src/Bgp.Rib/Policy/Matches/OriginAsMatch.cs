namespace Bgp.Rib.Policy;

/// <summary>
/// The origin AS (the last AS of a path ending in an AS_SEQUENCE) is <see cref="Asn"/>. A path ending in an
/// AS_SET (an aggregate) has no single origin and never matches, as in RFC 6811's origin validation.
/// A locally originated route (empty path) never matches either.
/// </summary>
public sealed record OriginAsMatch(uint Asn) : RouteMatch
{
    public override bool Matches(in RouteContext route) => route.Attributes.AsPath?.OriginAs == Asn;

    public override string ToString() => $"origin-as {Asn}";
}

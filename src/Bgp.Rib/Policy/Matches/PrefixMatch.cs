namespace Bgp.Rib.Policy;

/// <summary>The route's prefix lies in one range (exact, or-longer, or a length range; see <see cref="PrefixRange"/>).</summary>
public sealed record PrefixMatch(PrefixRange Range) : RouteMatch
{
    public override bool Matches(in RouteContext route) => Range.Contains(route.Prefix);

    public override string ToString() => $"prefix {Range}";
}

namespace Bgp.Rib.Policy;

/// <summary>The AS_PATH matches an <see cref="AsPathPattern"/> ("^65001 .* 65010$").</summary>
public sealed record AsPathRegexMatch(AsPathPattern Pattern) : RouteMatch
{
    public override bool Matches(in RouteContext route) => Pattern.IsMatch(route.Attributes.AsPath);

    public override string ToString() => $"as-path ~ {Pattern}";
}

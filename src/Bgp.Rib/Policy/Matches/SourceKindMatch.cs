namespace Bgp.Rib.Policy;

/// <summary>The route was learned over eBGP, over iBGP, or originated locally.</summary>
public sealed record SourceKindMatch(RouteSourceKind Kind) : RouteMatch
{
    public override bool Matches(in RouteContext route) => route.Source.Kind == Kind;

    public override string ToString() => $"source {Kind.ToString().ToLowerInvariant()}";
}

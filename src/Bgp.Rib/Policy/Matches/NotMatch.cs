namespace Bgp.Rib.Policy;

/// <summary>Negation of another condition ("not community no-export").</summary>
public sealed record NotMatch(RouteMatch Inner) : RouteMatch
{
    public override bool Matches(in RouteContext route) => !Inner.Matches(route);

    public override string ToString() => $"not {Inner}";
}

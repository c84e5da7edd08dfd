namespace Bgp.Rib.Policy;

/// <summary>The route's prefix is in a <see cref="PrefixList"/> (any of its ranges).</summary>
public sealed record PrefixListMatch(PrefixList List) : RouteMatch
{
    public override bool Matches(in RouteContext route) => List.Contains(route.Prefix);

    public override string ToString() => $"prefix-list {List.Name}";
}

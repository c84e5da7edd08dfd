namespace Bgp.Rib.Policy;

/// <summary>
/// One condition of a <see cref="PolicyTerm"/>. Each kind is a record named after what it matches, so the
/// configuration maps onto it key for key. <see cref="Matches"/> runs on the hot path: implementations
/// read the route and allocate nothing.
/// </summary>
public abstract record RouteMatch
{
    public abstract bool Matches(in RouteContext route);
}

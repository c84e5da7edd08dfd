namespace Bgp.Rib.Policy;

/// <summary>The route came from a peer in AS <see cref="Asn"/> (the session's remote AS, not the path's first AS).</summary>
public sealed record PeerAsMatch(uint Asn) : RouteMatch
{
    public override bool Matches(in RouteContext route) =>
        route.Source.Kind != RouteSourceKind.Local && route.Source.PeerAs == Asn;

    public override string ToString() => $"peer-as {Asn}";
}

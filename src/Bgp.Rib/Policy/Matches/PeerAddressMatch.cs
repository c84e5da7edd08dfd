using Bgp.Protocol;

namespace Bgp.Rib.Policy;

/// <summary>The route came from a peer whose address lies in <see cref="Range"/> (a host prefix for one peer). Local routes never match.</summary>
public sealed record PeerAddressMatch(Prefix Range) : RouteMatch
{
    public override bool Matches(in RouteContext route) =>
        route.Source.PeerAddress is { } a && AddressMatch.InPrefix(Range, a);

    public override string ToString() => $"peer-address {Range}";
}

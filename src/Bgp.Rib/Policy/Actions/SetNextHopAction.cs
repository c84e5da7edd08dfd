using System.Net;
using System.Net.Sockets;
using Bgp.Protocol;

namespace Bgp.Rib.Policy;

/// <summary>
/// Set the next hop to an address, or mark the route for next-hop-self (<see cref="Self"/>): the local
/// address of the session is known only to the export stage, so the marker travels in
/// <see cref="PolicyResult.NextHopSelf"/>. For an IPv4 route whose attributes carry NEXT_HOP, the attribute
/// is changed too so that the set and the route's next hop agree; an IPv6 next hop lives outside the
/// attribute set (MP_REACH_NLRI, RFC 4760 3) and changes only in <see cref="PolicyResult.NextHop"/>.
/// </summary>
public sealed record SetNextHopAction : RouteAction
{
    public static readonly SetNextHopAction Self = new((IPAddress?)null);

    public SetNextHopAction(IPAddress? address)
    {
        if (address is not null && address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            throw new ArgumentException("next hop must be an IPv4 or IPv6 address", nameof(address));
        Address = address;
    }

    /// <summary>The new next hop; null for next-hop-self.</summary>
    public IPAddress? Address { get; }

    public bool IsSelf => Address is null;

    internal override void Apply(ref RouteEdit edit)
    {
        if (Address is null)
        {
            edit.NextHopSelf = true;
            return;
        }
        edit.NextHopSelf = false;
        if (!Address.Equals(edit.NextHop ?? edit.Attributes.NextHop)) edit.NextHop = Address;
        if (edit.Family == Afi.Ipv4 && Address.AddressFamily == AddressFamily.InterNetwork
            && edit.Attributes.NextHop is { } current && !current.Equals(Address))
            edit.Attributes = edit.Attributes with { NextHop = Address };
    }

    public override string ToString() => Address is null ? "set next-hop self" : $"set next-hop {Address}";
}

using System.Net;

namespace Bgp.Interop.Tests.Harness;

/// <summary>
/// One veth pair the topology made: side A (a namespace, or the root namespace when
/// <see cref="NamespaceA"/> is null) and side B, each with an IPv4 address in a private /30 and an IPv6
/// ULA address in a /64, both usable at once (DAD off).
/// </summary>
public sealed record VethLink(
    string? NamespaceA, string InterfaceA, IPAddress Ipv4A, IPAddress Ipv6A,
    string NamespaceB, string InterfaceB, IPAddress Ipv4B, IPAddress Ipv6B)
{
    /// <summary>Side A's address of the given family (<c>true</c> for IPv6).</summary>
    public IPAddress AddressA(bool ipv6) => ipv6 ? Ipv6A : Ipv4A;

    public IPAddress AddressB(bool ipv6) => ipv6 ? Ipv6B : Ipv4B;
}

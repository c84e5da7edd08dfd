using System.Net;
using System.Net.Sockets;
using Bgp.Api.V1;
using Bgp.Protocol;

namespace Bgp.Cli.Arguments;

/// <summary>
/// Checks the words that name addresses, prefixes and families before anything is sent, so that a typo
/// is a usage error (exit 64) naming the word rather than a round trip to bgpd.
/// </summary>
internal static class ArgValues
{
    /// <summary>A prefix in canonical text; host bits set ("10.0.0.1/24") is refused, since it usually means a typo.</summary>
    public static string Prefix(string text)
    {
        if (!Bgp.Protocol.Prefix.TryParse(text, out var prefix) || !text.Contains('/', StringComparison.Ordinal))
            throw new UsageException($"bad prefix '{text}' (expected ADDRESS/LENGTH, e.g. 10.0.0.0/24 or 2001:db8::/32)");
        string address = text[..text.IndexOf('/', StringComparison.Ordinal)];
        if (!IPAddress.Parse(address).Equals(prefix.Address))
            throw new UsageException($"bad prefix '{text}': host bits set (did you mean {prefix}?)");
        return prefix.ToString();
    }

    public static Family FamilyOf(string prefix) =>
        Bgp.Protocol.Prefix.Parse(prefix).IsIpv6 ? Family.Ipv6 : Family.Ipv4;

    /// <summary>A peer address (no port, no prefix length), in canonical text.</summary>
    public static string Address(string text)
    {
        if (!IPAddress.TryParse(text, out var address) || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            || text.Contains('/', StringComparison.Ordinal))
            throw new UsageException($"bad peer address '{text}' (expected an IPv4 or IPv6 address)");
        return address.ToString();
    }

    public static Family ParseFamily(string text) => text.ToLowerInvariant() switch
    {
        "ipv4" or "4" or "inet" => Bgp.Api.V1.Family.Ipv4,
        "ipv6" or "6" or "inet6" => Bgp.Api.V1.Family.Ipv6,
        _ => throw new UsageException($"bad family '{text}' (expected ipv4 or ipv6)"),
    };
}

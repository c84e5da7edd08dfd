using System.Net;
using Bgp.Protocol.Attributes;

namespace Bgp.Rib;

/// <summary>What the interner looks a set up by, without allocating a <see cref="RouteAttributes"/> first.</summary>
internal readonly struct AttributeKey(PathAttributes attributes, IPAddress? nextHop)
{
    public PathAttributes Attributes { get; } = attributes;
    /// <summary>The effective next hop (the explicit one, else NEXT_HOP).</summary>
    public IPAddress? NextHop { get; } = nextHop ?? attributes.NextHop;

    public static int Hash(PathAttributes attributes, IPAddress? nextHop) =>
        HashCode.Combine(attributes.GetHashCode(), nextHop?.GetHashCode() ?? 0);
}

using System.Collections.Immutable;
using System.Net;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// MP_REACH_NLRI (RFC 4760 3): a family, its next hop and its routes. For IPv4/IPv6 unicast the routes
/// are decoded into <see cref="Nlri"/>; for every other family they stay as raw bytes in
/// <see cref="RawNlri"/> (we carry them, we do not route them).
/// </summary>
public sealed class MpReachNlri : IEquatable<MpReachNlri>
{
    public required AfiSafi Family { get; init; }
    /// <summary>The next hop as sent (for VPN families it includes the zero route distinguisher).</summary>
    public ImmutableArray<byte> NextHopBytes { get; init; } = [];
    /// <summary>The global next hop (IPv4 or IPv6), null when the bytes are not an address form we know.</summary>
    public IPAddress? NextHop { get; init; }
    /// <summary>The IPv6 link-local next hop when the next hop field is 32 octets (RFC 2545 3).</summary>
    public IPAddress? LinkLocalNextHop { get; init; }
    public ImmutableArray<Nlri> Nlri { get; init; } = [];
    public ImmutableArray<byte> RawNlri { get; init; } = [];

    public bool Equals(MpReachNlri? other) =>
        other is not null && Family == other.Family
        && NextHopBytes.AsSpan().SequenceEqual(other.NextHopBytes.AsSpan())
        && Nlri.AsSpan().SequenceEqual(other.Nlri.AsSpan())
        && RawNlri.AsSpan().SequenceEqual(other.RawNlri.AsSpan());

    public override bool Equals(object? obj) => obj is MpReachNlri m && Equals(m);

    public override int GetHashCode() => HashCode.Combine(Family, NextHopBytes.Length, Nlri.Length, RawNlri.Length);
}

using System.Collections.Immutable;

namespace Bgp.Protocol.Messages;

/// <summary>
/// ROUTE-REFRESH (RFC 2918, subtypes of RFC 7313). Any bytes after the AFI/Subtype/SAFI are ORF entries
/// (RFC 5291), kept raw.
/// </summary>
public sealed class RouteRefreshMessage : BgpMessage
{
    public override MessageType Type => MessageType.RouteRefresh;

    public required AfiSafi Family { get; init; }
    public RouteRefreshSubtype Subtype { get; init; }
    public ImmutableArray<byte> OrfData { get; init; } = [];

    public override bool Equals(object? obj) =>
        obj is RouteRefreshMessage r && Family == r.Family && Subtype == r.Subtype && OrfData.AsSpan().SequenceEqual(r.OrfData.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Family, Subtype);
}

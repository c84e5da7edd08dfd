using System.Collections.Immutable;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// MP_UNREACH_NLRI (RFC 4760 4): withdrawn routes of one family. With no routes at all it is the
/// End-of-RIB marker of that family (RFC 4724 2).
/// </summary>
public sealed class MpUnreachNlri : IEquatable<MpUnreachNlri>
{
    public required AfiSafi Family { get; init; }
    public ImmutableArray<Nlri> Withdrawn { get; init; } = [];
    public ImmutableArray<byte> RawWithdrawn { get; init; } = [];

    public bool IsEmpty => Withdrawn.Length == 0 && RawWithdrawn.Length == 0;

    public bool Equals(MpUnreachNlri? other) =>
        other is not null && Family == other.Family
        && Withdrawn.AsSpan().SequenceEqual(other.Withdrawn.AsSpan())
        && RawWithdrawn.AsSpan().SequenceEqual(other.RawWithdrawn.AsSpan());

    public override bool Equals(object? obj) => obj is MpUnreachNlri m && Equals(m);

    public override int GetHashCode() => HashCode.Combine(Family, Withdrawn.Length, RawWithdrawn.Length);
}

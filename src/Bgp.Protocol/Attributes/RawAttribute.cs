using System.Collections.Immutable;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// A path attribute this speaker does not interpret, kept with its flags and value so that an optional
/// transitive one can be passed on with the Partial bit set (RFC 4271 5, 9.1.2).
/// </summary>
public sealed class RawAttribute : IEquatable<RawAttribute>
{
    public RawAttribute(AttributeFlags flags, byte typeCode, ImmutableArray<byte> value)
    {
        Flags = flags & ~AttributeFlags.ExtendedLength;
        TypeCode = typeCode;
        Value = value.IsDefault ? [] : value;
    }

    public AttributeFlags Flags { get; }
    public byte TypeCode { get; }
    public ImmutableArray<byte> Value { get; }

    public bool IsOptional => (Flags & AttributeFlags.Optional) != 0;
    public bool IsTransitive => (Flags & AttributeFlags.Transitive) != 0;

    public bool Equals(RawAttribute? other) =>
        other is not null && Flags == other.Flags && TypeCode == other.TypeCode && Value.AsSpan().SequenceEqual(other.Value.AsSpan());

    public override bool Equals(object? obj) => obj is RawAttribute r && Equals(r);

    public override int GetHashCode() => HashCode.Combine(Flags, TypeCode, Value.Length);
}

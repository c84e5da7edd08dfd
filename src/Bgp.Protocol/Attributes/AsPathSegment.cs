using System.Collections.Immutable;

namespace Bgp.Protocol.Attributes;

/// <summary>One AS_PATH segment: its type and its AS numbers (always held as 4-octet values).</summary>
public sealed class AsPathSegment : IEquatable<AsPathSegment>
{
    public AsPathSegment(AsPathSegmentType type, ImmutableArray<uint> asns)
    {
        Type = type;
        Asns = asns.IsDefault ? [] : asns;
    }

    public AsPathSegmentType Type { get; }
    public ImmutableArray<uint> Asns { get; }

    public bool IsSet => Type is AsPathSegmentType.AsSet or AsPathSegmentType.AsConfedSet;
    public bool IsConfederation => Type is AsPathSegmentType.AsConfedSequence or AsPathSegmentType.AsConfedSet;

    public bool Equals(AsPathSegment? other) =>
        other is not null && Type == other.Type && Asns.AsSpan().SequenceEqual(other.Asns.AsSpan());

    public override bool Equals(object? obj) => obj is AsPathSegment s && Equals(s);

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Type);
        foreach (uint asn in Asns) h.Add(asn);
        return h.ToHashCode();
    }

    public override string ToString()
    {
        string body = string.Join(' ', Asns);
        return Type switch
        {
            AsPathSegmentType.AsSet => "{" + body + "}",
            AsPathSegmentType.AsConfedSequence => "(" + body + ")",
            AsPathSegmentType.AsConfedSet => "[" + body + "]",
            _ => body,
        };
    }
}

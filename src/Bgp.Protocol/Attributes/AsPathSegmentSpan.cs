namespace Bgp.Protocol.Attributes;

/// <summary>
/// One segment of an <see cref="AsPath"/> as a view over the path's flat AS array: what
/// <see cref="AsPath.EnumerateSegments"/> yields, so that readers walk the segments without allocating.
/// </summary>
public readonly ref struct AsPathSegmentSpan(AsPathSegmentType type, ReadOnlySpan<uint> asns)
{
    public AsPathSegmentType Type { get; } = type;
    public ReadOnlySpan<uint> Asns { get; } = asns;

    public bool IsSet => Type is AsPathSegmentType.AsSet or AsPathSegmentType.AsConfedSet;
    public bool IsConfederation => Type is AsPathSegmentType.AsConfedSequence or AsPathSegmentType.AsConfedSet;
}

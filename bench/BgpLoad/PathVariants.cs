using Bgp.Protocol.Attributes;

namespace Bgp.Load;

/// <summary>
/// Workload 2 (many full tables): generator g of G (the sessions carrying the same families) sends every group
/// with its AS path padded by (group index + g) mod G copies of AS 64900 + g. For each prefix the G
/// paths are then all different and exactly one (the unpadded one) is shortest, so every DUT's best is
/// known in advance and spread evenly over the generators; the receiver checks it (<see cref="IsPadded"/>).
/// </summary>
public static class PathVariants
{
    public const uint PadBase = 64900;
    public const int MaxGenerators = 64;

    public static RouteGroup Pad(RouteGroup g, int groupIndex, int generator, int generators)
    {
        int extra = (groupIndex + generator) % generators;
        if (extra == 0) return g;
        var asns = new uint[extra];
        Array.Fill(asns, PadBase + (uint)generator);
        var segments = g.Attributes.AsPath?.Segments ?? [];
        var padded = !segments.IsEmpty && segments[0].Type == AsPathSegmentType.AsSequence && segments[0].Asns.Length + extra < 255
            ? segments.SetItem(0, new AsPathSegment(AsPathSegmentType.AsSequence, segments[0].Asns.InsertRange(0, asns)))
            : segments.Insert(0, new AsPathSegment(AsPathSegmentType.AsSequence, [.. asns]));
        return g with { Attributes = g.Attributes with { AsPath = new AsPath(padded) } };
    }

    public static bool IsPadded(AsPath? path)
    {
        if (path is null) return false;
        // The flat ASN list: Segments builds objects per call (12 % of the receiver's samples on workload 2).
        foreach (uint a in path.Asns)
            if (a - PadBase < MaxGenerators) return true;
        return false;
    }
}

using Bgp.Protocol.Attributes;

namespace Bgp.Protocol.Codec;

/// <summary>
/// Rebuilds the real AS path of a route received from a 2-octet speaker (RFC 6793 4.2.3): AS_PATH,
/// where AS_TRANS stands in for wide AS numbers, merged with AS4_PATH; AGGREGATOR with AS4_AGGREGATOR.
/// (The other direction, producing AS_PATH and AS4_PATH for a 2-octet peer, happens in the encoder.)
/// </summary>
public static class AsPathMerger
{
    /// <summary>
    /// Returns the attributes with the merged AS_PATH and AGGREGATOR and without AS4_PATH and
    /// AS4_AGGREGATOR. The same instance comes back when there is nothing to merge.
    /// </summary>
    public static PathAttributes Merge(PathAttributes received)
    {
        if (received.As4Path is null && received.As4Aggregator is null) return received;

        // "If the AGGREGATOR attribute does not contain AS_TRANS, the AS4_AGGREGATOR and AS4_PATH
        // attributes SHALL be ignored" (RFC 6793 4.2.3).
        if (received.Aggregator is { } agg && agg.Asn != BgpConstants.AsTrans)
            return Strip(received, received.AsPath, received.Aggregator);

        var aggregator = received.Aggregator;
        if (received.Aggregator is not null && received.As4Aggregator is { } a4) aggregator = a4;

        var path = received.AsPath;
        if (received.As4Path is { } as4 && path is not null)
            path = MergePaths(path, as4);
        return Strip(received, path, aggregator);
    }

    private static PathAttributes Strip(PathAttributes a, AsPath? path, Aggregator? aggregator) =>
        a with { AsPath = path, Aggregator = aggregator, As4Path = null, As4Aggregator = null };

    /// <summary>
    /// "If the number of AS numbers in the AS_PATH attribute is less than the number of AS numbers in the
    /// AS4_PATH attribute, then the AS4_PATH attribute SHALL be ignored ... Otherwise the AS path
    /// information SHALL be constructed by taking as many AS numbers and path segments as necessary from
    /// the leading part of the AS_PATH attribute, and then prepending them to the AS4_PATH attribute"
    /// (RFC 6793 4.2.3). Counting follows RFC 4271 9.1.2.2: an AS_SET counts 1, confederation segments 0.
    /// </summary>
    public static AsPath MergePaths(AsPath asPath, AsPath as4Path)
    {
        int n2 = asPath.DecisionLength;
        int n4 = as4Path.DecisionLength;
        if (n2 < n4) return asPath;
        int need = n2 - n4;
        // Built flat: the AS numbers taken, then one layout word per segment (see AsPath).
        int maxAsns = asPath.AsnCount + as4Path.AsnCount;
        int maxSegments = asPath.SegmentCount + as4Path.SegmentCount;
        Span<uint> asns = maxAsns <= 256 ? stackalloc uint[256] : new uint[maxAsns];
        Span<uint> layout = maxSegments <= 64 ? stackalloc uint[64] : new uint[maxSegments];
        int asnCount = 0, segmentCount = 0;
        int lastType = 0, lastLength = 0;
        bool leading = true;
        foreach (var s in asPath.EnumerateSegments())
        {
            if (need == 0 && !s.IsConfederation) break;
            int take;
            if (s.IsConfederation)
            {
                // Leading confederation segments (all of them: AS4_PATH never carries any), or ones next
                // to what we take, stay.
                if (!(need > 0 || leading)) continue;
                take = s.Asns.Length;
            }
            else
            {
                leading = false;
                take = s.Type == AsPathSegmentType.AsSet ? s.Asns.Length : Math.Min(need, s.Asns.Length);
                need -= s.Type == AsPathSegmentType.AsSet ? 1 : take;
            }
            s.Asns[..take].CopyTo(asns[asnCount..]);
            asnCount += take;
            layout[segmentCount++] = AsPath.LayoutWord(s.Type, take);
            lastType = (int)s.Type;
            lastLength = take;
        }
        // Join a trailing partial sequence with a leading sequence of AS4_PATH, as one segment.
        bool joinNext = segmentCount > 0 && lastType == (int)AsPathSegmentType.AsSequence;
        foreach (var s in as4Path.EnumerateSegments())
        {
            s.Asns.CopyTo(asns[asnCount..]);
            asnCount += s.Asns.Length;
            if (joinNext && s.Type == AsPathSegmentType.AsSequence && lastLength + s.Asns.Length <= AsPath.MaxSegmentLength)
                layout[segmentCount - 1] = AsPath.LayoutWord(AsPathSegmentType.AsSequence, lastLength + s.Asns.Length);
            else
                layout[segmentCount++] = AsPath.LayoutWord(s.Type, s.Asns.Length);
            joinNext = false;
        }
        return AsPath.FromParts(asns[..asnCount], layout[..segmentCount]);
    }
}

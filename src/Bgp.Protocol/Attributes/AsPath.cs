using System.Collections.Immutable;

namespace Bgp.Protocol.Attributes;

/// <summary>An AS_PATH (or AS4_PATH): a list of segments, immutable.</summary>
public sealed class AsPath : IEquatable<AsPath>
{
    public static readonly AsPath Empty = new([]);

    public AsPath(ImmutableArray<AsPathSegment> segments) => Segments = segments.IsDefault ? [] : segments;

    public ImmutableArray<AsPathSegment> Segments { get; }

    /// <summary>An AS_PATH that is one AS_SEQUENCE of the given numbers.</summary>
    public static AsPath FromSequence(params uint[] asns) =>
        asns.Length == 0 ? Empty : new([new AsPathSegment(AsPathSegmentType.AsSequence, [.. asns])]);

    /// <summary>
    /// Path length for the decision process (RFC 4271 9.1.2.2 a): an AS_SET counts as 1 whatever its
    /// size, and confederation segments count 0 (RFC 5065 5.3).
    /// </summary>
    public int DecisionLength
    {
        get
        {
            int n = 0;
            foreach (var s in Segments)
            {
                if (s.Type == AsPathSegmentType.AsSequence) n += s.Asns.Length;
                else if (s.Type == AsPathSegmentType.AsSet) n += 1;
            }
            return n;
        }
    }

    /// <summary>Total number of AS numbers in every segment.</summary>
    public int AsnCount
    {
        get
        {
            int n = 0;
            foreach (var s in Segments) n += s.Asns.Length;
            return n;
        }
    }

    /// <summary>The origin AS: the last AS of the last AS_SEQUENCE segment, or null.</summary>
    public uint? OriginAs
    {
        get
        {
            if (Segments.Length == 0) return null;
            var last = Segments[^1];
            return last.Type == AsPathSegmentType.AsSequence && last.Asns.Length > 0 ? last.Asns[^1] : null;
        }
    }

    /// <summary>The neighbouring AS: the first AS of the first AS_SEQUENCE segment, or null (RFC 4271 9.1.2.2 c).</summary>
    public uint? FirstAs
    {
        get
        {
            foreach (var s in Segments)
            {
                if (s.IsConfederation) continue;
                return s.Type == AsPathSegmentType.AsSequence && s.Asns.Length > 0 ? s.Asns[0] : null;
            }
            return null;
        }
    }

    public bool Contains(uint asn)
    {
        foreach (var s in Segments)
            foreach (uint a in s.Asns)
                if (a == asn) return true;
        return false;
    }

    /// <summary>How many times <paramref name="asn"/> appears (loop detection with an allowed count).</summary>
    public int Count(uint asn)
    {
        int n = 0;
        foreach (var s in Segments)
            foreach (uint a in s.Asns)
                if (a == asn) n++;
        return n;
    }

    public bool Equals(AsPath? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (Segments.Length != other.Segments.Length) return false;
        for (int i = 0; i < Segments.Length; i++)
            if (!Segments[i].Equals(other.Segments[i])) return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is AsPath p && Equals(p);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var s in Segments) h.Add(s.GetHashCode());
        return h.ToHashCode();
    }

    public override string ToString() => string.Join(' ', Segments.Select(s => s.ToString()));
}

using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// An AS_PATH (or AS4_PATH): a list of segments, immutable.
/// <para>
/// Held flat, because a full-table RIB keeps hundreds of thousands of these (issue #7). A path that is
/// one AS_SEQUENCE of at most <see cref="InlineCapacity"/> ASes (most real paths) keeps its AS numbers
/// inline in this object, with no array: one object per path, which is what the GC pays for. Any other
/// path is one <c>uint[]</c> with every AS number of every segment in order, followed, unless the path
/// is one AS_SEQUENCE, by one layout word per segment (type in the top byte, AS count in the low 24 bits).
/// Either way there are no segment objects, and readers see the same words through <see cref="Flat"/>.
/// The representation is canonical (inline exactly when the path is one non-empty AS_SEQUENCE of at most
/// <see cref="InlineCapacity"/> ASes; layout words left out exactly when the path is empty or one
/// non-empty AS_SEQUENCE), so equality compares the words. <see cref="Segments"/> builds segment
/// objects on demand for the callers that want them; hot paths use <see cref="EnumerateSegments"/>,
/// <see cref="Asns"/> and the other flat accessors.
/// </para>
/// </summary>
public sealed partial class AsPath : IEquatable<AsPath>
{
    public static readonly AsPath Empty = new([], 0);

    /// <summary>
    /// The longest AS_SEQUENCE held inline. Nine fills the object to 64 bytes (16 of header, the array
    /// reference, the count and 36 of ASes); a path held in an array used 32 bytes plus the array's
    /// 24 + 4 per AS, so 64 to 96 bytes in two objects for the same paths. Nine covers a path of eight
    /// with our own AS prepended on export.
    /// </summary>
    public const int InlineCapacity = 9;

    /// <summary>
    /// AS numbers, then (unless one AS_SEQUENCE) one layout word per segment; null when the path is held
    /// in <see cref="_inline"/>.
    /// </summary>
    private readonly uint[]? _data;
    private readonly int _asnCount;
    private readonly InlineAsns _inline;

    /// <summary>Takes ownership of <paramref name="data"/>, which must already be canonical (and not inline).</summary>
    private AsPath(uint[] data, int asnCount)
    {
        _data = data;
        _asnCount = asnCount;
    }

    /// <summary>One AS_SEQUENCE of 1 to <see cref="InlineCapacity"/> ASes, copied inline.</summary>
    private AsPath(ReadOnlySpan<uint> sequence)
    {
        sequence.CopyTo(_inline);
        _asnCount = sequence.Length;
    }

    public AsPath(ImmutableArray<AsPathSegment> segments)
    {
        if (segments.IsDefaultOrEmpty) { _data = []; return; }
        int total = 0;
        foreach (var s in segments)
        {
            // The layout word has 24 bits for a segment's length (the wire has 8: longer ones are split).
            if (s.Asns.Length > 0xFFFFFF) throw new ArgumentException("an AS path segment longer than 16M ASes", nameof(segments));
            total += s.Asns.Length;
        }
        bool single = IsOneSequence(segments.Length, segments[0].Type, total);
        _asnCount = total;
        if (single && total <= InlineCapacity)
        {
            segments[0].Asns.AsSpan().CopyTo(_inline);
            return;
        }
        var data = new uint[total + (single ? 0 : segments.Length)];
        int pos = 0;
        for (int i = 0; i < segments.Length; i++)
        {
            var asns = segments[i].Asns.AsSpan();
            asns.CopyTo(data.AsSpan(pos));
            pos += asns.Length;
            if (!single) data[total + i] = Layout(segments[i].Type, asns.Length);
        }
        _data = data;
    }

    /// <summary>An AS_PATH that is one AS_SEQUENCE of the given numbers.</summary>
    public static AsPath FromSequence(params uint[] asns) => FromSequence((ReadOnlySpan<uint>)asns);

    /// <summary>An AS_PATH that is one AS_SEQUENCE of the given numbers (copied).</summary>
    public static AsPath FromSequence(ReadOnlySpan<uint> asns) =>
        asns.Length == 0 ? Empty : asns.Length <= InlineCapacity ? new(asns) : new(asns.ToArray(), asns.Length);

    /// <summary>The segments as objects, built on each call: not for hot paths (see <see cref="EnumerateSegments"/>).</summary>
    public ImmutableArray<AsPathSegment> Segments
    {
        get
        {
            if (SegmentCount == 0) return [];
            var result = new AsPathSegment[SegmentCount];
            int i = 0;
            foreach (var s in EnumerateSegments())
                result[i++] = new AsPathSegment(s.Type, [.. s.Asns]);
            return ImmutableCollectionsMarshal.AsImmutableArray(result);
        }
    }

    /// <summary>The number of segments (0 for the empty path).</summary>
    public int SegmentCount
    {
        get
        {
            if (_data is null) return 1;
            return _data.Length == _asnCount ? (_asnCount == 0 ? 0 : 1) : _data.Length - _asnCount;
        }
    }

    /// <summary>Every AS number of every segment, in path order (segment boundaries left out).</summary>
    public ReadOnlySpan<uint> Asns => _data is null ? ((ReadOnlySpan<uint>)_inline)[.._asnCount] : _data.AsSpan(0, _asnCount);

    /// <summary>True when the path is exactly one AS_SEQUENCE (the common case).</summary>
    public bool IsSingleSequence => _data is null || (_asnCount > 0 && _data.Length == _asnCount);

    /// <summary>True when the ASes are held in this object rather than an array (see <see cref="InlineCapacity"/>).</summary>
    internal bool IsInline => _data is null;

    /// <summary>The segments without allocating: <c>foreach (var s in path.EnumerateSegments())</c>.</summary>
    public SegmentEnumerator EnumerateSegments() => new(this);

    /// <summary>
    /// Path length for the decision process (RFC 4271 9.1.2.2 a): an AS_SET counts as 1 whatever its
    /// size, and confederation segments count 0 (RFC 5065 5.3).
    /// </summary>
    public int DecisionLength
    {
        get
        {
            if (_data is null || _data.Length == _asnCount) return _asnCount;
            int n = 0;
            foreach (uint word in LayoutWords)
            {
                var type = TypeOf(word);
                if (type == AsPathSegmentType.AsSequence) n += LengthOf(word);
                else if (type == AsPathSegmentType.AsSet) n += 1;
            }
            return n;
        }
    }

    /// <summary>Total number of AS numbers in every segment.</summary>
    public int AsnCount => _asnCount;

    /// <summary>The origin AS: the last AS of the last AS_SEQUENCE segment, or null.</summary>
    public uint? OriginAs
    {
        get
        {
            if (_data is null) return _inline[_asnCount - 1];
            if (_data.Length == _asnCount) return _asnCount == 0 ? null : _data[_asnCount - 1];
            uint last = _data[^1];
            return TypeOf(last) == AsPathSegmentType.AsSequence && LengthOf(last) > 0 ? _data[_asnCount - 1] : null;
        }
    }

    /// <summary>The neighbouring AS: the first AS of the first AS_SEQUENCE segment, or null (RFC 4271 9.1.2.2 c).</summary>
    public uint? FirstAs
    {
        get
        {
            if (_data is null) return _inline[0];
            if (_data.Length == _asnCount) return _asnCount == 0 ? null : _data[0];
            foreach (var s in EnumerateSegments())
            {
                if (s.IsConfederation) continue;
                return s.Type == AsPathSegmentType.AsSequence && s.Asns.Length > 0 ? s.Asns[0] : null;
            }
            return null;
        }
    }

    public bool Contains(uint asn) => Asns.Contains(asn);

    /// <summary>How many times <paramref name="asn"/> appears (loop detection with an allowed count).</summary>
    public int Count(uint asn) => Asns.Count(asn);

    public bool Equals(AsPath? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        return _asnCount == other._asnCount && Flat.SequenceEqual(other.Flat);
    }

    public override bool Equals(object? obj) => obj is AsPath p && Equals(p);

    /// <summary>
    /// Not cached: its one reader that matters, <see cref="PathAttributes.GetHashCode"/>, caches its own, and
    /// the four bytes buy a ninth inline AS (see <see cref="InlineCapacity"/>).
    /// </summary>
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(_asnCount);
        h.AddBytes(MemoryMarshal.AsBytes(Flat));
        return h.ToHashCode();
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var s in EnumerateSegments())
        {
            if (sb.Length > 0) sb.Append(' ');
            string open = s.Type switch { AsPathSegmentType.AsSet => "{", AsPathSegmentType.AsConfedSequence => "(", AsPathSegmentType.AsConfedSet => "[", _ => "" };
            string close = s.Type switch { AsPathSegmentType.AsSet => "}", AsPathSegmentType.AsConfedSequence => ")", AsPathSegmentType.AsConfedSet => "]", _ => "" };
            sb.Append(open);
            for (int i = 0; i < s.Asns.Length; i++)
            {
                if (i > 0) sb.Append(' ');
                sb.Append(s.Asns[i]);
            }
            sb.Append(close);
        }
        return sb.ToString();
    }

    /// <summary>
    /// Every word of the path: the AS numbers, then the layout words if any (the inline ASes, or the
    /// array). Every reader goes through here.
    /// </summary>
    private ReadOnlySpan<uint> Flat => _data is { } data ? data : ((ReadOnlySpan<uint>)_inline)[.._asnCount];

    private ReadOnlySpan<uint> LayoutWords => Flat[_asnCount..];

    /// <summary>
    /// The inline ASes of a short single-sequence path (no array object); also the builders' stack buffer for
    /// one (a local rather than a stackalloc: a method with a stackalloc and a loop is compiled without
    /// profile-guided optimisation, which made the decoder's AS_PATH read twice as slow).
    /// </summary>
    [InlineArray(InlineCapacity)]
    internal struct InlineAsns
    {
        private uint _first;
    }

    private static bool IsOneSequence(int segmentCount, AsPathSegmentType firstType, int asnCount) =>
        segmentCount == 1 && firstType == AsPathSegmentType.AsSequence && asnCount > 0;

    private static uint Layout(AsPathSegmentType type, int length) => ((uint)type << 24) | (uint)length;
    private static AsPathSegmentType TypeOf(uint word) => (AsPathSegmentType)(word >> 24);
    private static int LengthOf(uint word) => (int)(word & 0xFFFFFF);
}

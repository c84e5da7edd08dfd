namespace Bgp.Protocol.Attributes;

/// <summary>Building and walking the flat representation (see the class comment in AsPath.cs).</summary>
public sealed partial class AsPath
{
    /// <summary>The longest segment on the wire: its length is one octet (RFC 4271 4.3).</summary>
    public const int MaxSegmentLength = 255;

    /// <summary>
    /// This path with <paramref name="asn"/> in front <paramref name="times"/> times (RFC 4271 5.1.2 b,
    /// and the policy prepend): into the leading AS_SEQUENCE while it stays within
    /// <see cref="MaxSegmentLength"/>, otherwise in a new AS_SEQUENCE in front, which is also what an
    /// empty path or one that starts with an AS_SET or a confederation segment gets.
    /// </summary>
    public AsPath Prepend(uint asn, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        var flat = Flat;
        bool single = flat.Length == _asnCount;
        if (single && times <= InlineCapacity - _asnCount)
        {
            // Empty or one short sequence, and still short: inline (the canonical form), built on the stack.
            var buffer = default(InlineAsns);
            Span<uint> asns = buffer;
            asns[..times].Fill(asn);
            Asns.CopyTo(asns[times..]);
            return new AsPath(asns[..(times + _asnCount)]);
        }
        if (single && _asnCount == 0)
        {
            var only = new uint[times];
            only.AsSpan().Fill(asn);
            return new AsPath(only, times);
        }
        uint first = single ? Layout(AsPathSegmentType.AsSequence, _asnCount) : flat[_asnCount];
        bool join = TypeOf(first) == AsPathSegmentType.AsSequence && LengthOf(first) + times <= MaxSegmentLength;
        int layoutWords = single ? (join ? 0 : 2) : flat.Length - _asnCount + (join ? 0 : 1);
        var data = new uint[times + _asnCount + layoutWords];
        data.AsSpan(0, times).Fill(asn);
        Asns.CopyTo(data.AsSpan(times));
        var layout = data.AsSpan(times + _asnCount);
        if (join)
        {
            if (!single)
            {
                LayoutWords.CopyTo(layout);
                layout[0] = Layout(AsPathSegmentType.AsSequence, LengthOf(first) + times);
            }
        }
        else
        {
            layout[0] = Layout(AsPathSegmentType.AsSequence, times);
            if (single) layout[1] = first;
            else LayoutWords.CopyTo(layout[1..]);
        }
        // Joined into a path that was one empty AS_SEQUENCE: now one non-empty sequence, whose canonical form
        // has no layout word (or it would differ from FromSequence in equality and hash).
        if (join && !single && layout.Length == 1) return FromParts(data.AsSpan(0, times + _asnCount), layout);
        return new AsPath(data, times + _asnCount);
    }

    /// <summary>
    /// A path from its AS numbers and one (type, length) word per segment as made by
    /// <see cref="LayoutWord"/>; the words' lengths must add up to <paramref name="asns"/>' length.
    /// Drops the words when the path is one non-empty AS_SEQUENCE, keeping the representation canonical.
    /// </summary>
    internal static AsPath FromParts(ReadOnlySpan<uint> asns, ReadOnlySpan<uint> layoutWords)
    {
        if (layoutWords.Length == 0) return Empty;
        bool single = IsOneSequence(layoutWords.Length, TypeOf(layoutWords[0]), asns.Length);
        if (single) return FromSequence(asns);
        var data = new uint[asns.Length + layoutWords.Length];
        asns.CopyTo(data);
        layoutWords.CopyTo(data.AsSpan(asns.Length));
        return new AsPath(data, asns.Length);
    }

    /// <summary>
    /// A path over <paramref name="data"/> (taken, not copied) laid out as the class comment says; for
    /// the decoder, which sizes the array itself and builds a short single sequence with
    /// <see cref="FromSequence(ReadOnlySpan{uint})"/> instead. The caller leaves the layout words out exactly
    /// when the path is one non-empty AS_SEQUENCE; one that would fit inline is copied there.
    /// </summary>
    internal static AsPath FromFlat(uint[] data, int asnCount) =>
        data.Length == 0 ? Empty : data.Length == asnCount && asnCount <= InlineCapacity ? new AsPath(data.AsSpan()) : new AsPath(data, asnCount);

    /// <summary>The layout word of a segment: the type in the top byte, the AS count below.</summary>
    internal static uint LayoutWord(AsPathSegmentType type, int length) => Layout(type, length);

    /// <summary>Walks the segments as <see cref="AsPathSegmentSpan"/> views, without allocating.</summary>
    public ref struct SegmentEnumerator
    {
        private readonly ReadOnlySpan<uint> _flat;
        private readonly int _asnCount;
        private int _segment;
        private int _start;
        private int _length;
        private AsPathSegmentType _type;

        internal SegmentEnumerator(AsPath path)
        {
            _flat = path.Flat;
            _asnCount = path._asnCount;
            _segment = -1;
        }

        public readonly AsPathSegmentSpan Current => new(_type, _flat.Slice(_start, _length));

        public readonly SegmentEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            _start += _length;
            _segment++;
            if (_flat.Length == _asnCount)
            {
                // One AS_SEQUENCE, or nothing.
                if (_segment > 0 || _asnCount == 0) return false;
                _type = AsPathSegmentType.AsSequence;
                _length = _asnCount;
                return true;
            }
            if (_asnCount + _segment >= _flat.Length) return false;
            uint word = _flat[_asnCount + _segment];
            _type = TypeOf(word);
            _length = LengthOf(word);
            return true;
        }
    }
}

using System.Buffers.Binary;
using Bgp.Protocol.Attributes;

namespace Bgp.Protocol.Codec;

/// <summary>
/// Reads AS_PATH / AS4_PATH segments (RFC 4271 4.3, RFC 6793):
/// <code>
///  Segment Type (1) | Segment Length in ASes (1) | ASes (2 or 4 octets each)
/// </code>
/// Malformed (RFC 7606 7.2): an unknown segment type, a segment of length zero, a segment that runs
/// past the attribute, or a single octet left over.
/// </summary>
public static class AsPathReader
{
    public static AsPath? TryRead(ReadOnlySpan<byte> data, int asSize, bool allowConfederation, out string? problem)
    {
        problem = null;
        if (data.Length == 0) return AsPath.Empty;
        int count = 0;
        int total = 0;
        int pos = 0;
        while (pos < data.Length)
        {
            if (pos + 2 > data.Length) { problem = "one octet left after the last segment"; return null; }
            byte type = data[pos];
            int n = data[pos + 1];
            if (type is < 1 or > 4) { problem = $"unknown segment type {type}"; return null; }
            if (!allowConfederation && type > 2) { problem = $"confederation segment type {type} is not allowed here"; return null; }
            if (n == 0) { problem = "segment of length zero"; return null; }
            if (pos + 2 + n * asSize > data.Length) { problem = $"segment of {n} ASes runs past the attribute"; return null; }
            pos += 2 + n * asSize;
            count++;
            total += n;
        }

        // A single short AS_SEQUENCE (the common case) is read into a stack buffer and held inline in the AsPath, with
        // no array; any other path is one array: the AS numbers, then a layout word per segment unless the
        // path is a single AS_SEQUENCE (see AsPath).
        bool single = count == 1 && data[0] == (byte)AsPathSegmentType.AsSequence;
        uint[]? array = single && total <= AsPath.InlineCapacity ? null : new uint[total + (single ? 0 : count)];
        var buffer = default(AsPath.InlineAsns);
        Span<uint> flat = array is null ? buffer : array;
        pos = 0;
        int at = 0;
        for (int s = 0; s < count; s++)
        {
            var type = (AsPathSegmentType)data[pos];
            int n = data[pos + 1];
            var body = data.Slice(pos + 2, n * asSize);
            for (int i = 0; i < n; i++)
                flat[at + i] = asSize == 4 ? BinaryPrimitives.ReadUInt32BigEndian(body[(i * 4)..]) : BinaryPrimitives.ReadUInt16BigEndian(body[(i * 2)..]);
            if (!single) flat[total + s] = AsPath.LayoutWord(type, n);
            at += n;
            pos += 2 + n * asSize;
        }
        return array is null ? AsPath.FromSequence(flat[..total]) : AsPath.FromFlat(array, total);
    }
}

using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace Bgp.Protocol.Codec;

/// <summary>
/// Reads a run of prefixes in the NLRI encoding of RFC 4271 4.3 (Length (1) | Prefix (ceil(len/8))),
/// each preceded by a 4-octet Path Identifier when ADD-PATH is in use (RFC 7911 3). Two passes: the first
/// checks the whole run and counts, the second fills an array of exactly that size, so one allocation
/// per run and never one per prefix.
/// </summary>
public static class NlriReader
{
    /// <summary>Checks a run of prefixes and counts them; the reason names the first fault.</summary>
    public static bool TryCount(ReadOnlySpan<byte> data, bool ipv6, bool addPath, out int count, out string? problem)
    {
        count = 0;
        int max = ipv6 ? 128 : 32;
        int pos = 0;
        while (pos < data.Length)
        {
            if (addPath)
            {
                if (pos + 4 > data.Length) { problem = $"path identifier cut short at octet {pos}"; return false; }
                pos += 4;
                if (pos >= data.Length) { problem = $"prefix length missing at octet {pos}"; return false; }
            }
            int len = data[pos];
            if (len > max) { problem = $"prefix length {len} is longer than {max}"; return false; }
            int bytes = (len + 7) >> 3;
            if (pos + 1 + bytes > data.Length) { problem = $"prefix of length {len} at octet {pos} runs past the field"; return false; }
            pos += 1 + bytes;
            count++;
        }
        problem = null;
        return true;
    }

    /// <summary>Reads a run already checked by <see cref="TryCount"/> into <paramref name="into"/>.</summary>
    public static void Fill(ReadOnlySpan<byte> data, bool ipv6, bool addPath, Span<Nlri> into)
    {
        int pos = 0;
        int i = 0;
        while (pos < data.Length)
        {
            uint pathId = 0;
            if (addPath)
            {
                pathId = BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
                pos += 4;
            }
            int len = data[pos];
            int bytes = (len + 7) >> 3;
            into[i++] = new Nlri(Prefix.FromNlriBytes(ipv6, len, data.Slice(pos + 1, bytes)), pathId);
            pos += 1 + bytes;
        }
    }

    /// <summary>Checks and reads a run in one call; false with the reason when it is malformed.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, bool ipv6, bool addPath, out ImmutableArray<Nlri> result, out string? problem)
    {
        result = [];
        if (!TryCount(data, ipv6, addPath, out int count, out problem)) return false;
        if (count == 0) return true;
        var array = new Nlri[count];
        Fill(data, ipv6, addPath, array);
        result = ImmutableCollectionsMarshal.AsImmutableArray(array);
        return true;
    }
}

using System.Buffers.Binary;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using Bgp.Testing;

namespace Bgp.Protocol.Tests.Corpus;

/// <summary>
/// Totality of the decoder around real messages: every corpus message, cut at every length, with bits
/// flipped, and with each of its length fields made wrong (header length, withdrawn routes length, total
/// path attribute length, each attribute's length and Extended Length flag, the MP_REACH next hop length,
/// OPEN parameter and capability lengths), decodes to a message or a defined error and never throws.
/// A message the decoder builds never carries an error that needs a session reset (those are returned
/// instead). Mutations come from a Random seeded by the file name, so a failure reproduces.
/// </summary>
public sealed class MutationTotalityTests
{
    private const int RandomFlipsPerMessage = 32;
    private const int ExhaustiveFlipBytes = 64;

    public static TheoryData<string> MessageFiles() => new(Fixtures.MessageFiles());

    [Theory]
    [MemberData(nameof(MessageFiles))]
    public void CorpusMessage_Mutated_GivesMessageOrDefinedError(string file)
    {
        var session = new CorpusSession();
        var random = new Random(StableSeed(file));
        var failures = new List<string>();
        int decodes = 0;
        foreach (var m in Fixtures.LoadMessages(file))
        {
            var (_, options) = CorpusDecoding.Decode(m, session);
            foreach (var (what, bytes) in Mutants(m.Bytes, random))
            {
                decodes++;
                string? fault = Check(bytes, options);
                if (fault is not null && failures.Count < 20)
                    failures.Add($"{m} {what}: {fault}\n  {Hex.Of(bytes)}");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.True(decodes > 0);
    }

    /// <summary>Null when the outcome is defined, else what went wrong.</summary>
    private static string? Check(byte[] bytes, CodecOptions options)
    {
        try
        {
            var result = BgpDecoder.Decode(bytes, options);
            if (!result.Success)
            {
                var e = result.Error;
                if (e is null) return "neither message nor error";
                if ((byte)e.Code is < 1 or > 8) return $"error code {(byte)e.Code}";
                _ = e.ToString();
                return null;
            }
            if (result.Message is UpdateMessage u)
            {
                foreach (var e in u.Errors)
                {
                    if (e.Code != NotificationCode.UpdateMessageError) return $"UPDATE carries {e}";
                    if (e.Action == ErrorAction.SessionReset) return $"UPDATE built despite {e}";
                    _ = e.ToString();
                }
            }
            return null;
        }
#pragma warning disable CA1031 // the point of the test is to catch anything the decoder throws
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex.GetType().Name + ": " + ex.Message;
        }
    }

    private static IEnumerable<(string What, byte[] Bytes)> Mutants(byte[] original, Random random)
    {
        int n = original.Length;

        // Truncation at every length: as captured (header length now wrong) and with the header fixed up.
        for (int len = 0; len < n; len++)
        {
            yield return ($"cut to {len}", original[..len]);
            if (len >= 19) yield return ($"cut to {len}, length fixed", WithU16(original[..len], 16, len));
        }

        // Bit flips: every bit of the header's length and type and the first body octets, then random ones.
        for (int pos = 16; pos < Math.Min(n, ExhaustiveFlipBytes); pos++)
            for (int bit = 0; bit < 8; bit++)
                yield return ($"flip {pos}.{bit}", Flip(original, pos, bit));
        for (int i = 0; i < RandomFlipsPerMessage && n > 0; i++)
        {
            int pos = random.Next(n), bit = random.Next(8);
            yield return ($"flip {pos}.{bit}", Flip(original, pos, bit));
        }

        // Header length.
        foreach (int v in (int[])[0, 18, 19, n - 1, n + 1, 4096, 4097, 65535])
            yield return ($"header length {v}", WithU16(original, 16, v));

        if (n >= 23 && original[18] == (byte)MessageType.Update)
            foreach (var m in UpdateLengthMutants(original, random)) yield return m;
        if (n >= 29 && original[18] == (byte)MessageType.Open)
            foreach (var m in OpenLengthMutants(original)) yield return m;
    }

    private static IEnumerable<(string, byte[])> UpdateLengthMutants(byte[] original, Random random)
    {
        int n = original.Length;
        int w = BinaryPrimitives.ReadUInt16BigEndian(original.AsSpan(19));
        foreach (int v in (int[])[0, 1, w - 1, w + 1, n, 65535, random.Next(65536)])
            yield return ($"withdrawn length {v}", WithU16(original, 19, v));
        if (21 + w + 2 > n) yield break;
        int attrLenAt = 21 + w;
        int a = BinaryPrimitives.ReadUInt16BigEndian(original.AsSpan(attrLenAt));
        foreach (int v in (int[])[0, 1, a - 1, a + 1, n, 65535, random.Next(65536)])
            yield return ($"attribute list length {v}", WithU16(original, attrLenAt, v));

        // Each attribute of the original list: its length, its Extended Length flag, and for
        // MP_REACH_NLRI the next hop length.
        int pos = attrLenAt + 2, end = Math.Min(n, pos + a);
        while (pos + 3 <= end)
        {
            byte flags = original[pos];
            byte type = original[pos + 1];
            bool ext = (flags & 0x10) != 0;
            if (ext && pos + 4 > end) break;
            int len = ext ? BinaryPrimitives.ReadUInt16BigEndian(original.AsSpan(pos + 2)) : original[pos + 2];
            int hdr = ext ? 4 : 3;
            foreach (int v in (int[])[0, 1, len - 1, len + 1, ext ? 65535 : 255])
            {
                yield return ($"attribute {type} at {pos} length {v}",
                    ext ? WithU16(original, pos + 2, v) : WithU8(original, pos + 2, v));
            }
            yield return ($"attribute {type} at {pos} extended-length flag flipped", Flip(original, pos, 4));
            yield return ($"attribute {type} at {pos} optional flag flipped", Flip(original, pos, 7));
            if (type == 14 && len >= 4 && pos + hdr + 4 <= n)
            {
                int nh = original[pos + hdr + 3];
                foreach (int v in (int[])[0, nh - 1, nh + 1, 255])
                    yield return ($"MP_REACH next hop length {v}", WithU8(original, pos + hdr + 3, v));
            }
            pos += hdr + len;
        }
    }

    private static IEnumerable<(string, byte[])> OpenLengthMutants(byte[] original)
    {
        int p = original[28];
        foreach (int v in (int[])[0, 1, p - 1, p + 1, 255])
            yield return ($"optional parameters length {v}", WithU8(original, 28, v));
        // Each parameter's length and, inside a Capabilities parameter, each capability's length.
        int pos = 29;
        while (pos + 2 <= original.Length)
        {
            int plen = original[pos + 1];
            foreach (int v in (int[])[0, plen - 1, plen + 1, 255])
                yield return ($"parameter at {pos} length {v}", WithU8(original, pos + 1, v));
            int cap = pos + 2, capEnd = Math.Min(original.Length, pos + 2 + plen);
            while (original[pos] == 2 && cap + 2 <= capEnd)
            {
                int clen = original[cap + 1];
                foreach (int v in (int[])[0, clen - 1, clen + 1, 255])
                    yield return ($"capability {original[cap]} at {cap} length {v}", WithU8(original, cap + 1, v));
                cap += 2 + clen;
            }
            pos += 2 + plen;
        }
    }

    private static byte[] Flip(byte[] original, int pos, int bit)
    {
        var copy = (byte[])original.Clone();
        copy[pos] ^= (byte)(1 << bit);
        return copy;
    }

    private static byte[] WithU16(byte[] original, int at, int value)
    {
        var copy = (byte[])original.Clone();
        if (at + 2 <= copy.Length) BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(at), (ushort)value);
        return copy;
    }

    private static byte[] WithU8(byte[] original, int at, int value)
    {
        var copy = (byte[])original.Clone();
        if (at < copy.Length) copy[at] = (byte)value;
        return copy;
    }

    /// <summary>FNV-1a of the file name: a seed that does not change between runs or runtimes.</summary>
    private static int StableSeed(string text)
    {
        uint h = 2166136261;
        foreach (char c in text) h = (h ^ c) * 16777619;
        return (int)(h & 0x7FFFFFFF);
    }
}

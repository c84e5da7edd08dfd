using System.Buffers;
using System.Buffers.Binary;
using Bgp.Protocol;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;

namespace Bgp.Benchmarks;

/// <summary>
/// The UPDATE stream every stream benchmark works on: the real RIS messages of the fixture corpus
/// followed by a seeded synthetic stream, laid end to end in one buffer as they would sit in a
/// session's receive pipe. Built once per process; everything here is deterministic, so the byte and
/// prefix counts the figures are divided by are the same in the host and in the measured child process.
/// </summary>
public sealed class StreamWorkload
{
    /// <summary>396 messages (1 OPEN, 2 KEEPALIVE, 393 UPDATE) from BGP4MP_MESSAGE_AS4 records, so 4-octet AS.</summary>
    public const string RisFixture = "fixtures/corpus/mrt/ris-via-bgpdump__updates.et-header.2015.first400.gz.messages.hex";

    public const int SyntheticSeed = 4271;
    public const int SyntheticMessages = 2000;

    private static readonly Lazy<StreamWorkload> Cached = new(Build);

    private StreamWorkload(byte[] bytes, int[] offsets, int risMessages, int risBytes)
    {
        Bytes = bytes;
        Offsets = offsets;
        RisMessages = risMessages;
        RisBytes = risBytes;
        var decoded = new BgpMessage[offsets.Length - 1];
        for (int i = 0; i < decoded.Length; i++)
        {
            var result = BgpDecoder.Decode(Message(i), Options);
            if (!result.Success)
                throw new InvalidOperationException($"workload message {i} does not decode: {result.Error.Reason}");
            decoded[i] = result.Message;
            var (announced, withdrawn) = CountPrefixes(result.Message);
            Announced += announced;
            Withdrawn += withdrawn;
            if (i < risMessages) RisPrefixes += announced + withdrawn;
        }
        Decoded = decoded;
    }

    /// <summary>Both parts were sent by 4-octet AS speakers (RFC 6793); 4096-octet messages.</summary>
    public static CodecOptions Options => CodecOptions.FourOctet;

    public static StreamWorkload Instance => Cached.Value;

    /// <summary>All messages, back to back.</summary>
    public byte[] Bytes { get; }
    /// <summary>Message i is <c>Bytes[Offsets[i]..Offsets[i + 1]]</c>.</summary>
    public int[] Offsets { get; }
    public BgpMessage[] Decoded { get; }
    public int MessageCount => Offsets.Length - 1;
    public int RisMessages { get; }
    public int RisBytes { get; }
    public long RisPrefixes { get; }
    public long Announced { get; }
    public long Withdrawn { get; }
    /// <summary>Announced plus withdrawn: what "per prefix" divides by.</summary>
    public long Prefixes => Announced + Withdrawn;

    public ReadOnlySpan<byte> Message(int i) => Bytes.AsSpan(Offsets[i], Offsets[i + 1] - Offsets[i]);

    /// <summary>Routes carried by a message, in the classic fields and in MP_REACH / MP_UNREACH.</summary>
    public static (int Announced, int Withdrawn) CountPrefixes(BgpMessage message)
    {
        if (message is not UpdateMessage u) return (0, 0);
        int announced = u.Nlri.Length + (u.MpReach?.Nlri.Length ?? 0);
        int withdrawn = u.Withdrawn.Length + (u.MpUnreach?.Withdrawn.Length ?? 0);
        return (announced, withdrawn);
    }

    private static StreamWorkload Build()
    {
        var ris = ReadHexMessages(Path.Combine(RepositoryRoot(), RisFixture));
        var synthetic = new ArrayBufferWriter<byte>(8 << 20);
        SyntheticUpdates.Write(synthetic, SyntheticSeed, SyntheticMessages, Options);

        var all = new byte[ris.Length + synthetic.WrittenCount];
        ris.CopyTo(all, 0);
        synthetic.WrittenSpan.CopyTo(all.AsSpan(ris.Length));
        var offsets = new List<int> { 0 };
        int risMessages = 0;
        for (int at = 0; at < all.Length;)
        {
            at += BinaryPrimitives.ReadUInt16BigEndian(all.AsSpan(at + BgpConstants.MarkerLength));
            offsets.Add(at);
            if (at <= ris.Length) risMessages = offsets.Count - 1;
        }
        return new StreamWorkload(all, [.. offsets], risMessages, ris.Length);
    }

    private static byte[] ReadHexMessages(string path)
    {
        var buffer = new ArrayBufferWriter<byte>(256 << 10);
        foreach (string line in File.ReadLines(path))
        {
            if (line.Length == 0) continue;
            byte[] message = Convert.FromHexString(line);
            buffer.Write(message);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The folder holding Bgp.sln, found by walking up from the binary: BenchmarkDotNet runs the
    /// measurements from a generated project below bin/, which is still inside the repository.
    /// </summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Bgp.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no Bgp.sln above {AppContext.BaseDirectory}");
    }
}

using System.Buffers;
using System.Text.Json;
using Bgp.Protocol.Codec;
using Bgp.Testing;

namespace Bgp.Protocol.Tests.Corpus;

/// <summary>
/// Fuzzer-made and broken inputs of the corpus (pcap-malformed rejects and raw TCP streams, GoBGP's
/// go-fuzz crashers) give a message or a defined error, never an exception. Streams go through
/// <see cref="BgpFramer"/> the way the session read loop uses it; a framer error is always a Message
/// Header Error (RFC 4271 6.1), because the framer only ever looks at headers.
/// </summary>
public sealed class MalformedInputTests
{
    public static TheoryData<string> StreamFiles() => new(Fixtures.Find("*.tcp_streams.jsonl"));

    public static TheoryData<string> RejectedFiles() => new(Fixtures.Find("*.rejected.jsonl"));

    public static TheoryData<string> GobgpFiles() =>
        new(Fixtures.Find("*", "fuzz/gobgp-bad-len").Where(f => !f.EndsWith(".jsonl", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(RejectedFiles))]
    public void RejectedPdu_DecodedAndFramed_GivesDefinedError(string file)
    {
        foreach (var r in Fixtures.ReadJsonLines(file))
        {
            var bytes = Hex.Bytes(r.GetProperty("captured_hex").GetString()!);
            var result = BgpDecoder.Decode(bytes, CodecOptions.FourOctet);
            AssertDefined(result);
            var framed = FrameAll([bytes]);
            if (r.GetProperty("reason").GetString() == "marker is not 16 x 0xff")
            {
                // RFC 4271 6.1: a marker that is not all ones is Connection Not Synchronized.
                AssertError(result.Error, 1, 1);
                Assert.StartsWith("error 1/1", framed[0], StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [MemberData(nameof(StreamFiles))]
    public void TcpStream_FedChunkByChunk_GivesMessagesThenAtMostOneHeaderError(string file)
    {
        bool anyError = false;
        // Some of these files are empty; their bytes are in F.rejected.jsonl, tested above.
        var directions = Fixtures.ReadJsonLines(file);
        foreach (var direction in directions)
        {
            var chunks = direction.GetProperty("chunks_hex").EnumerateArray().Select(c => Hex.Bytes(c.GetString()!)).ToList();
            var outcomes = FrameAll(chunks);
            Assert.NotEmpty(outcomes);
            // Framing depends on the bytes only, not on how TCP cut them.
            var whole = chunks.SelectMany(c => c).ToArray();
            Assert.Equal(outcomes, FrameAll([whole]));
            Assert.Equal(outcomes, FrameAll(Enumerable.Range(0, (whole.Length + 6) / 7).Select(i => whole[(i * 7)..Math.Min(whole.Length, i * 7 + 7)]).ToList()));
            anyError |= outcomes.Exists(o => o.Contains("error", StringComparison.Ordinal));
            if (file.StartsWith("pcap/", StringComparison.Ordinal))
            {
                // Clean sessions (the streams exist because of capture gaps): every framed message decodes.
                Assert.All(outcomes, o => Assert.Matches("^(message [1-5] ok|[0-9]+ octets left)$", o));
            }
        }
        // The fuzzed captures hold garbage a speaker must refuse somewhere.
        if (file.StartsWith("pcap-malformed/", StringComparison.Ordinal) && directions.Count > 0)
            Assert.True(anyError, "no error in a fuzzed stream");
    }

    [Theory]
    [MemberData(nameof(GobgpFiles))]
    public void GobgpCrasher_DecodedAndFramed_GivesMarkerError(string file)
    {
        // Every GoBGP bad-len input has a marker of ASCII '0' or other non-0xff bytes (inputs.jsonl: framing).
        var bytes = Fixtures.ReadBytes(file);
        AssertError(BgpDecoder.Decode(bytes, CodecOptions.Default).Error, 1, 1);
        AssertError(BgpDecoder.Decode(bytes, CodecOptions.FourOctet with { ExtendedMessage = true }).Error, 1, 1);
        Assert.Equal(["error 1/1"], FrameAll([bytes]));
    }

    [Fact]
    public void GobgpInputsJsonl_EveryInput_MatchesItsFileAndGivesDefinedError()
    {
        var inputs = Fixtures.ReadJsonLines("fuzz/gobgp-bad-len/inputs.jsonl");
        Assert.Equal(11, inputs.Count);
        foreach (var input in inputs)
        {
            var bytes = Hex.Bytes(input.GetProperty("hex").GetString()!);
            Assert.Equal(input.GetProperty("bytes").GetInt32(), bytes.Length);
            Assert.Equal(Fixtures.ReadBytes("fuzz/gobgp-bad-len/" + input.GetProperty("file").GetString()), bytes);
            var result = BgpDecoder.Decode(bytes, CodecOptions.FourOctet);
            AssertDefined(result);
            if (input.GetProperty("framing").GetString() == "marker is not 16 x 0xff") AssertError(result.Error, 1, 1);
        }
    }

    /// <summary>
    /// Runs the framer over a stream arriving in the given pieces, decoding each framed message; returns one
    /// line per outcome ("message 2 ok", "message 2 error 3/1", "error 1/1") and stops at the first framer
    /// error as a speaker would (it sends the NOTIFICATION and closes).
    /// </summary>
    private static List<string> FrameAll(IReadOnlyList<byte[]> pieces)
    {
        var outcomes = new List<string>();
        byte[] pending = [];
        foreach (var piece in pieces)
        {
            var buffer = Segments.Of(pending.Length == 0 ? [piece] : [pending, piece]);
            while (true)
            {
                var status = BgpFramer.TryRead(ref buffer, BgpConstants.MaxMessageLength, out var message, out var error);
                if (status == BgpFramer.Status.NeedMore) break;
                if (status == BgpFramer.Status.Error)
                {
                    Assert.NotNull(error);
                    Assert.Equal(NotificationCode.MessageHeaderError, error.Code);
                    Assert.Equal(ErrorAction.SessionReset, error.Action);
                    outcomes.Add($"error {(byte)error.Code}/{error.Subcode}");
                    return outcomes;
                }
                var result = BgpDecoder.Decode(message, CodecOptions.FourOctet);
                AssertDefined(result);
                outcomes.Add(result.Success
                    ? $"message {(int)result.Message.Type} ok"
                    : $"message {message.Slice(18, 1).FirstSpan[0]} error {(byte)result.Error.Code}/{result.Error.Subcode}");
            }
            pending = buffer.ToArray();
        }
        outcomes.Add($"{pending.Length} octets left");
        return outcomes;
    }

    internal static void AssertDefined(DecodeResult result)
    {
        if (result.Success) return;
        Assert.NotNull(result.Error);
        Assert.InRange((byte)result.Error.Code, (byte)1, (byte)8);
        Assert.NotNull(result.Error.Data);
    }

    private static void AssertError(BgpError? error, byte code, byte subcode)
    {
        Assert.NotNull(error);
        Assert.Equal((code, subcode), ((byte)error.Code, error.Subcode));
    }
}

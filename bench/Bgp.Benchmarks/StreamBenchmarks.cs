using System.Buffers;
using BenchmarkDotNet.Attributes;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;

namespace Bgp.Benchmarks;

/// <summary>
/// Decode and encode of the whole <see cref="StreamWorkload"/> (real RIS messages plus the seeded
/// synthetic feed), against copying the same bytes: the copy is what a zero-work parser would cost,
/// so "x memcpy" says how far the codec is from the physical limit on this machine, in this run.
/// </summary>
[MemoryDiagnoser]
public class StreamBenchmarks
{
    private StreamWorkload _stream = null!;
    private byte[] _copy = null!;
    private ArrayBufferWriter<byte> _output = null!;

    [GlobalSetup]
    public void Setup()
    {
        _stream = StreamWorkload.Instance;
        _copy = new byte[_stream.Bytes.Length];
        // Room for every message at its session maximum: Write asks for a whole maximum-length span.
        _output = new ArrayBufferWriter<byte>(_stream.Bytes.Length * 2 + 8192);
    }

    [Benchmark(Baseline = true)]
    public int MemoryCopyBaseline()
    {
        _stream.Bytes.AsSpan().CopyTo(_copy);
        return _copy[^1];
    }

    /// <summary>Every message decoded; the routes counted so that nothing can be optimised away.</summary>
    [Benchmark]
    public long DecodeStream()
    {
        var stream = _stream;
        var options = StreamWorkload.Options;
        long routes = 0;
        for (int i = 0; i < stream.MessageCount; i++)
        {
            var result = BgpDecoder.Decode(stream.Message(i), options);
            if (!result.Success) throw new InvalidOperationException(result.Error.Reason);
            var (announced, withdrawn) = StreamWorkload.CountPrefixes(result.Message);
            routes += announced + withdrawn;
        }
        return routes;
    }

    /// <summary>Every decoded message written again into one reused buffer, as a send loop would.</summary>
    [Benchmark]
    public int EncodeStream()
    {
        var output = _output;
        output.ResetWrittenCount();
        var options = StreamWorkload.Options;
        foreach (BgpMessage message in _stream.Decoded) BgpEncoder.Write(message, output, options);
        return output.WrittenCount;
    }

    /// <summary>Octets EncodeStream writes (not necessarily the input's: attribute order is canonical).</summary>
    public static long EncodedBytes()
    {
        var output = new ArrayBufferWriter<byte>(StreamWorkload.Instance.Bytes.Length * 2 + 8192);
        foreach (BgpMessage message in StreamWorkload.Instance.Decoded) BgpEncoder.Write(message, output, StreamWorkload.Options);
        return output.WrittenCount;
    }
}

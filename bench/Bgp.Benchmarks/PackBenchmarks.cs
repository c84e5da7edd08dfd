using System.Buffers;
using BenchmarkDotNet.Attributes;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;

namespace Bgp.Benchmarks;

/// <summary>
/// <see cref="UpdatePacker"/> turning 100k routes that share a few attribute sets into UPDATEs, the
/// Adj-RIB-Out's job after a full-table change; compared with copying the octets it produces.
/// </summary>
[MemoryDiagnoser]
public class PackBenchmarks
{
    public const int Routes = 100_000;
    public const int Seed = 6793;

    private PackWorkload _work = null!;
    private ArrayBufferWriter<byte> _output = null!;
    private byte[] _packed = null!;
    private byte[] _copy = null!;

    [GlobalSetup]
    public void Setup()
    {
        _work = PackWorkload.Create(Seed, Routes);
        _output = new ArrayBufferWriter<byte>(Routes * 24);
        PackAnnouncements();
        _packed = _output.WrittenSpan.ToArray();
        _copy = new byte[_packed.Length];
    }

    [Benchmark(Baseline = true)]
    public int MemoryCopyBaseline()
    {
        _packed.AsSpan().CopyTo(_copy);
        return _copy[^1];
    }

    [Benchmark]
    public int PackAnnouncements()
    {
        var output = _output;
        output.ResetWrittenCount();
        var options = CodecOptions.FourOctet;
        int messages = 0;
        for (int i = 0; i < _work.Sets.Length; i++)
        {
            bool ipv6 = _work.Ipv6[i];
            messages += UpdatePacker.WriteAnnouncements(output, ipv6 ? AfiSafi.Ipv6Unicast : AfiSafi.Ipv4Unicast,
                _work.Sets[i], _work.RoutesBySet[i], SyntheticUpdates.NextHopFor(ipv6), options);
        }
        return messages;
    }

    /// <summary>Octets one PackAnnouncements call writes.</summary>
    public static long PackedBytes()
    {
        var b = new PackBenchmarks();
        b.Setup();
        return b._packed.Length;
    }
}

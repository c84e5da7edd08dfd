using BenchmarkDotNet.Running;

namespace Bgp.Benchmarks;

/// <summary>
/// The octets and prefixes one invocation of a benchmark handles. The workloads are seeded and read
/// from the repository, so the host process computes the same numbers the measured process used.
/// </summary>
public static class WorkloadSize
{
    private static readonly Lazy<long> Encoded = new(StreamBenchmarks.EncodedBytes);
    private static readonly Lazy<long> Packed = new(PackBenchmarks.PackedBytes);

    public static (long Bytes, long Prefixes)? Of(BenchmarkCase benchmark)
    {
        var type = benchmark.Descriptor.Type;
        string method = benchmark.Descriptor.WorkloadMethod.Name;
        if (type == typeof(StreamBenchmarks))
        {
            var stream = StreamWorkload.Instance;
            long bytes = method == nameof(StreamBenchmarks.EncodeStream) ? Encoded.Value : stream.Bytes.Length;
            return (bytes, stream.Prefixes);
        }
        if (type == typeof(PackBenchmarks)) return (Packed.Value, PackBenchmarks.Routes);
        // No octets: the RIB benchmarks count prefixes only (MB/s shows "-").
        if (type == typeof(LocRibBenchmarks)) return (0, LocRibBenchmarks.Prefixes);
        if (type == typeof(ExportBenchmarks)) return (0, ExportBenchmarks.Routes);
        // Per route per peer; no octet figure (the output is reused and not the point).
        if (type == typeof(AdjRibOutBenchmarks))
            return !method.StartsWith(nameof(AdjRibOutBenchmarks.FanOut), StringComparison.Ordinal)
                ? (0, AdjRibOutBenchmarks.OnePeerRoutes)
                : (0, (long)AdjRibOutBenchmarks.FanOutRoutes * AdjRibOutBenchmarks.FanOutPeers);
        if (type == typeof(FanOutBenchmarks)) return (0, (long)FanOutBenchmarks.Prefixes * FanOutBenchmarks.Clients);
        return null;
    }
}

using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Bgp.Benchmarks;

// `retained`: only print the heap bytes an Adj-RIB-Out keeps per sent route (no BenchmarkDotNet run).
if (args is ["retained"])
{
    Console.WriteLine($"AdjRibOut retained bytes per sent route (1M IPv4 /24), sent map: {AdjRibOutBenchmarks.RetainedBytesPerSentRoute(presized: false):0.0}, " +
        $"presized with EnsureCapacity: {AdjRibOutBenchmarks.RetainedBytesPerSentRoute(presized: true):0.0}; " +
        $"by Loc-RIB destination index: {AdjRibOutBenchmarks.RetainedBytesPerSentRoute(presized: false, overLocRib: true):0.0}, " +
        $"presized: {AdjRibOutBenchmarks.RetainedBytesPerSentRoute(presized: true, overLocRib: true):0.0}");
    return;
}

// `fanout N [adj]`: run FanOutBenchmarks N times without BenchmarkDotNet, for perf or dotnet-trace (adj: only
// PendAndDrainInTurns).
if (args is ["fanout", ..])
{
    if (args is not (["fanout", _] or ["fanout", _, "adj"])
        || !int.TryParse(args[1], System.Globalization.CultureInfo.InvariantCulture, out int times) || times < 1)
    {
        Console.Error.WriteLine("usage: fanout N [adj]  (N: how many runs, a positive whole number)");
        Environment.ExitCode = 2;
        return;
    }
    var fanOut = new FanOutBenchmarks();
    fanOut.Setup();
    for (; times > 0; times--)
    {
        if (args.Length == 2) Measure("ReflectInTurns", fanOut.ReflectInTurns);
        Measure("PendAndDrainInTurns", fanOut.PendAndDrainInTurns);
    }
    return;
}

// The workload is described before measuring so that a reader of the log knows what "per prefix" divides by.
var stream = StreamWorkload.Instance;
Console.WriteLine(
    $"Stream: {stream.MessageCount} messages, {stream.Bytes.Length} octets, {stream.Announced} announced + {stream.Withdrawn} withdrawn prefixes; " +
    $"of which RIS {stream.RisMessages} messages, {stream.RisBytes} octets, {stream.RisPrefixes} prefixes; " +
    $"EncodeStream writes {StreamBenchmarks.EncodedBytes()} octets. Pack: {PackBenchmarks.Routes} routes -> {PackBenchmarks.PackedBytes()} octets.");

var config = DefaultConfig.Instance
    .AddColumn(
        new FigureColumn(FigureKind.MegabytesPerSecond),
        new FigureColumn(FigureKind.NanosecondsPerPrefix),
        new FigureColumn(FigureKind.AllocatedBytesPerPrefix),
        new FigureColumn(FigureKind.TimesMemoryCopy));
BenchmarkSwitcher.FromAssembly(typeof(StreamBenchmarks).Assembly).Run(args, config);

// One run of a benchmark method: wall time, process CPU and bytes allocated, on one line.
static void Measure(string name, Func<long> run)
{
    long start = System.Diagnostics.Stopwatch.GetTimestamp();
    long allocated = GC.GetTotalAllocatedBytes();
    var cpu = Environment.CpuUsage.TotalTime;
    run();
    Console.WriteLine($"{name}: {System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds:0} ms, " +
        $"CPU {(Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds:0} ms, {(GC.GetTotalAllocatedBytes() - allocated) / 1e6:0.0} MB allocated");
}

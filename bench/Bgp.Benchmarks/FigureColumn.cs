using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Bgp.Benchmarks;

/// <summary>
/// Throughput, per-prefix cost and the ratio to a memory copy of the same octets, computed from the
/// measured mean and allocations and the known workload size. The ratio is the figure to compare
/// across machines: absolute numbers on a shared 2-core box move with the neighbours' load.
/// </summary>
public sealed class FigureColumn(FigureKind kind) : IColumn
{
    public string Id => $"{nameof(FigureColumn)}.{kind}";

    public string ColumnName => kind switch
    {
        FigureKind.MegabytesPerSecond => "MB/s",
        FigureKind.NanosecondsPerPrefix => "ns/prefix",
        FigureKind.AllocatedBytesPerPrefix => "B alloc/prefix",
        _ => "x memcpy",
    };

    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => (int)kind;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => kind switch
    {
        FigureKind.MegabytesPerSecond => "Octets of BGP messages per second, 10^6",
        FigureKind.NanosecondsPerPrefix => "Mean time divided by the prefixes (announced + withdrawn) handled",
        FigureKind.AllocatedBytesPerPrefix => "Allocated bytes per operation divided by the prefixes handled",
        _ => "Time per octet relative to the memory copy of the same class, same run",
    };

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? value = Compute(summary, benchmarkCase);
        if (value is not { } v) return "-";
        string format = kind is FigureKind.TimesMemoryCopy or FigureKind.AllocatedBytesPerPrefix ? "0.00" : "0.0";
        return v.ToString(format, CultureInfo.InvariantCulture);
    }

    private double? Compute(Summary summary, BenchmarkCase benchmarkCase)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } stats || WorkloadSize.Of(benchmarkCase) is not var (bytes, prefixes))
            return null;
        double meanNs = stats.Mean;
        switch (kind)
        {
            case FigureKind.MegabytesPerSecond:
                // Workloads that do not count octets (the Adj-RIB-Out's) have no throughput figure.
                return bytes == 0 ? null : bytes / (meanNs / 1e9) / 1e6;
            case FigureKind.NanosecondsPerPrefix:
                return meanNs / prefixes;
            case FigureKind.AllocatedBytesPerPrefix:
                return report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) is { } allocated
                    ? (double)allocated / prefixes
                    : null;
            default:
                foreach (var other in summary.BenchmarksCases)
                {
                    if (other.Descriptor.Type != benchmarkCase.Descriptor.Type || !other.Descriptor.Baseline) continue;
                    if (summary[other]?.ResultStatistics is not { } baseStats || WorkloadSize.Of(other) is not var (baseBytes, _))
                        return null;
                    return meanNs / bytes / (baseStats.Mean / baseBytes);
                }
                return null;
        }
    }

    public override string ToString() => ColumnName;
}

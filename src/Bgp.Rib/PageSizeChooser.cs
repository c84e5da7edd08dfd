namespace Bgp.Rib;

/// <summary>
/// Chooses, for each new mapping of a <see cref="HugePageArena"/> in <see cref="HugePageMode.Auto"/>, whether to
/// advise it as huge pages, from what first touches of each page size have cost in this process.
/// <para>
/// Why measure rather than assume: what a first touch costs depends on the host, and on the same VM type it has
/// gone both ways (bench/README.md). The day the arena was built a fresh 4 KiB page cost 13.5 us against 0.3 us per
/// 4 KiB in huge pages (a paravirtualised guest, where every page-table update is expensive); on later days, with a
/// balloon that hands freed 2 MiB blocks back to the host, a fresh huge page cost 1.5-2.4 ms per MiB against
/// 0.4 ms in 4 KiB pages, and huge-page zeroing was 23 % of a full-table ingest. A fixed choice loses 4-40x on one
/// of those days.
/// </para>
/// <para>
/// How: each mapping's first touch is timed by the arena (<see cref="Record"/>, cost per MiB) and the cheaper size
/// is used. Both sizes are tried first (the startup warm-up's small table does that before any peer's routes). Since
/// costs move with the host, every <see cref="ProbeEvery"/>th pooled block uses the other size to keep its figure
/// current; large mappings (a prefix index of up to 64 MiB) never probe, as a wrong guess there costs that much
/// memory's worth of slow faults. The estimate of each size is the mean of its last <see cref="Window"/> samples
/// without the largest: the mean, because the cost is bimodal (a huge page the kernel recycles from memory freed
/// lately costs 0.04 ms per MiB, a fresh one 2.3-2.5 ms, 4 KiB pages 0.33-0.45 ms, in one run of workload 1) and the
/// mean is what the next mappings will pay; without the largest, because being preempted while timing adds
/// milliseconds to one sample, and one such sample must not keep the size in favour from being used for hundreds of
/// blocks (the size not in favour is measured again only every <see cref="ProbeEvery"/>th block).
/// </para>
/// Not thread-safe: the arena calls it under its lock.
/// </summary>
internal sealed class PageSizeChooser
{
    /// <summary>One pooled block in this many is mapped with the size not in favour, to measure it again.</summary>
    public const int ProbeEvery = 32;

    /// <summary>Samples kept per size.</summary>
    public const int Window = 8;

    private readonly double[] _huge = new double[Window];
    private readonly double[] _small = new double[Window];
    private int _hugeSamples;
    private int _smallSamples;
    private long _pooledChoices;

    /// <summary>
    /// Whether the next mapping should be advised as huge pages; <paramref name="mayProbe"/> for a pooled block (2 MiB),
    /// false for a large mapping, which gets the size in favour.
    /// </summary>
    public bool ChooseHuge(bool mayProbe)
    {
        // Unmeasured sizes first: huge pages, the arena's default before measuring, then 4 KiB pages.
        if (_hugeSamples == 0) return true;
        if (_smallSamples == 0) return false;
        bool huge = HugePagesInFavour;
        if (mayProbe && ++_pooledChoices % ProbeEvery == 0) return !huge;
        return huge;
    }

    /// <summary>A first touch of a mapping advised as huge pages (<paramref name="huge"/>) or not, in nanoseconds per MiB touched.</summary>
    public void Record(bool huge, double nanosecondsPerMiB)
    {
        if (!(nanosecondsPerMiB >= 0) || double.IsInfinity(nanosecondsPerMiB)) return;
        if (huge) _huge[_hugeSamples++ % Window] = nanosecondsPerMiB;
        else _small[_smallSamples++ % Window] = nanosecondsPerMiB;
    }

    /// <summary>True while huge pages have cost no more than 4 KiB pages (or either is still unmeasured).</summary>
    public bool HugePagesInFavour =>
        _hugeSamples == 0 || _smallSamples == 0 || Estimate(_huge, _hugeSamples) <= Estimate(_small, _smallSamples);

    /// <summary>The estimate for huge pages in ns per MiB, null before the first sample.</summary>
    public double? HugeCostPerMiB => _hugeSamples == 0 ? null : Estimate(_huge, _hugeSamples);

    /// <summary>The estimate for 4 KiB pages in ns per MiB, null before the first sample.</summary>
    public double? SmallCostPerMiB => _smallSamples == 0 ? null : Estimate(_small, _smallSamples);

    /// <summary>The mean of the samples held, less the largest when there are two or more.</summary>
    private static double Estimate(double[] samples, int count)
    {
        int n = Math.Min(count, Window);
        if (n == 1) return samples[0];
        double sum = 0, largest = 0;
        for (int i = 0; i < n; i++)
        {
            sum += samples[i];
            largest = Math.Max(largest, samples[i]);
        }
        return (sum - largest) / (n - 1);
    }
}

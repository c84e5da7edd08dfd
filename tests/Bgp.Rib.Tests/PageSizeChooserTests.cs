namespace Bgp.Rib.Tests;

/// <summary>
/// The choice of page size in HugePageMode.Auto: both sizes measured first, then the cheaper one, with a probe of the
/// other every ProbeEvery pooled blocks (never for a large mapping), and an estimate that one preempted sample does
/// not sway but a lasting change of cost does.
/// </summary>
public sealed class PageSizeChooserTests
{
    private const double Cheap = 400_000;   // ns per MiB: 4 KiB pages on the bench VM on a bad day for huge pages
    private const double Dear = 2_000_000;  // a fresh huge page that day

    [Fact]
    public void ChooseHuge_NothingMeasured_TriesHugePagesThenSmallPages()
    {
        var chooser = new PageSizeChooser();
        Assert.True(chooser.ChooseHuge(mayProbe: true));
        chooser.Record(huge: true, Dear);
        Assert.False(chooser.ChooseHuge(mayProbe: false));
        chooser.Record(huge: false, Cheap);
        Assert.False(chooser.ChooseHuge(mayProbe: false));
        Assert.Equal((Dear, Cheap), (chooser.HugeCostPerMiB!.Value, chooser.SmallCostPerMiB!.Value));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ChooseHuge_PooledBlocks_CheaperSizeWithOneProbeOfTheOtherPerRound(bool hugeCheaper)
    {
        var chooser = Measured(huge: hugeCheaper ? Cheap : Dear, small: hugeCheaper ? Dear : Cheap);
        int probes = 0;
        for (int i = 0; i < 3 * PageSizeChooser.ProbeEvery; i++)
            if (chooser.ChooseHuge(mayProbe: true) != hugeCheaper) probes++;
        Assert.Equal(3, probes);
    }

    [Fact]
    public void ChooseHuge_LargeMappings_NeverProbe()
    {
        var chooser = Measured(huge: Dear, small: Cheap);
        for (int i = 0; i < 3 * PageSizeChooser.ProbeEvery; i++)
            Assert.False(chooser.ChooseHuge(mayProbe: false));
    }

    [Fact]
    public void Record_OnePreemptedSample_DoesNotSwayTheChoice()
    {
        var chooser = Measured(huge: Dear, small: Cheap);
        // Preempted while touching 4 KiB pages: the sample reads 100 times dearer than the size really is.
        chooser.Record(huge: false, 100 * Dear);
        Assert.False(chooser.HugePagesInFavour);
    }

    [Fact]
    public void Record_SizeInFavourTurnsDear_ChoiceMovesAtTheSecondDearSample()
    {
        var chooser = Measured(huge: Dear, small: Cheap);
        // The host changed: 4 KiB pages now cost ten times what huge pages do. One such sample could be a preemption.
        chooser.Record(huge: false, 10 * Dear);
        Assert.False(chooser.HugePagesInFavour);
        chooser.Record(huge: false, 10 * Dear);
        Assert.True(chooser.HugePagesInFavour);
        Assert.True(chooser.ChooseHuge(mayProbe: false));
    }

    [Fact]
    public void Record_BimodalCost_JudgedByItsMeanNotItsCheapestSamples()
    {
        // Huge pages as workload 1 saw them: recycled ones at 0.04 ms per MiB, fresh ones at 2.4; 4 KiB pages 0.4.
        var chooser = new PageSizeChooser();
        for (int i = 0; i < PageSizeChooser.Window; i++) chooser.Record(huge: true, i % 2 == 0 ? 40_000 : 2_400_000);
        chooser.Record(huge: false, Cheap);
        Assert.False(chooser.HugePagesInFavour);
    }

    [Fact]
    public void Record_OlderThanTheWindow_NoLongerCounts()
    {
        var chooser = Measured(huge: Cheap / 10, small: Cheap);
        for (int i = 0; i < PageSizeChooser.Window - 1; i++) chooser.Record(huge: true, Cheap / 10);
        // A window's worth of dear samples: the cheap ones are gone.
        for (int i = 0; i < PageSizeChooser.Window; i++) chooser.Record(huge: true, Dear);
        Assert.Equal(Dear, chooser.HugeCostPerMiB);
        Assert.False(chooser.HugePagesInFavour);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    public void Record_NotACost_Ignored(double sample)
    {
        var chooser = new PageSizeChooser();
        chooser.Record(huge: true, sample);
        Assert.Null(chooser.HugeCostPerMiB);
        Assert.True(chooser.ChooseHuge(mayProbe: true));
    }

    private static PageSizeChooser Measured(double huge, double small)
    {
        var chooser = new PageSizeChooser();
        chooser.Record(huge: true, huge);
        chooser.Record(huge: false, small);
        return chooser;
    }
}

namespace Bgp.Rib.Tests;

/// <summary>
/// The choice of page size in HugePageMode.Auto: both sizes measured first, then the cheaper one, with a probe of the
/// other every ProbeEvery pooled blocks (never for a large mapping), and an estimate that one preempted sample does
/// not sway but a lasting change of cost does.
/// </summary>
public sealed class PageSizeChooserTests
{
    private const double Cheap = 400_000;   // ns per MiB: 4 KiB pages on the bench VM on a bad day for huge pages
    private const double Dear = 2_000_000;

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
    public void Record_SizeInFavourTurnsDearForGood_ChoiceMovesOnceTheWindowHoldsOnlyNewSamples()
    {
        var chooser = Measured(huge: Dear, small: Cheap);
        // The host changed: 4 KiB pages now cost ten times what huge pages do.
        for (int i = 0; i < PageSizeChooser.Window - 1; i++)
        {
            chooser.Record(huge: false, 10 * Dear);
            Assert.False(chooser.HugePagesInFavour);
        }
        chooser.Record(huge: false, 10 * Dear);
        Assert.True(chooser.HugePagesInFavour);
        Assert.True(chooser.ChooseHuge(mayProbe: false));
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

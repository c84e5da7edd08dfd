using Bgp.Rib.Engine;
using static Bgp.Rib.Tests.Engine.EngineKit;

namespace Bgp.Rib.Tests.Engine;

/// <summary>
/// The engine's spare pending groups (each Adj-RIB-Out's, AdjRibOut.Spares.cs, and the PendingGroupPool shared by
/// every Adj-RIB-Out) on the RIB loop's trim
/// schedule (RibLoop.Trim.cs): one trim follows the last burst of commands, and further ticks trim only when
/// the engine says there is more to give back. The pool keeps its spares through a trim whose interval saw
/// groups taken, so the trim after the last burst cannot empty it: the engine must ask for another.
/// </summary>
public sealed class SpareGroupTrimTests
{
    [Fact]
    public void TrimIdle_AfterTheLastBurst_AsksForAnotherTrimUntilTheSpareGroupsAreGone()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001));
        e.Execute(Up(2, 65002));
        // Distinct sets, so that each pends in a group of its own.
        for (uint i = 0; i < 20; i++)
            e.Execute(new UpdateReceived(1, Announce($"10.{i}.0.0/16", Attrs("192.0.2.1", 65001, 65100 + i))));
        Assert.Equal(20, DrainRoutes(e, 2).Count);
        Assert.True(e.SpareGroupCount > 0);

        // The trim that follows the burst: the groups were taken in its interval, so they stay, and the loop must
        // come back although no command follows (nothing is pending, so only this answer brings it back).
        Assert.True(e.TrimIdle());
        Assert.True(e.SpareGroupCount > 0);
        Assert.False(e.HasPending(2));

        // A quiet interval: the spares go, and the loop may stop trimming.
        Assert.False(e.TrimIdle());
        Assert.Equal(0, e.SpareGroupCount);
        Assert.Equal(0, e.ExportInterner.SpareGroups.Bytes);
        Assert.False(e.TrimIdle());
    }

    [Fact]
    public void TrimIdle_NoGroupEverTaken_AsksForNoFurtherTrim()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001));
        Assert.False(e.TrimIdle());
    }
}

using Bgp.Daemon.Routing;
using Bgp.Protocol;
using Bgp.Rib.Engine;
using Microsoft.Extensions.Time.Testing;
using static Bgp.Daemon.Tests.Routing.FakeClockTicks;

namespace Bgp.Daemon.Tests.Routing;

/// <summary>
/// The idle collection (RibLoopOptions.IdleCollectAfter, in RibLoop.Trim.cs) on a fake clock: once per quiet
/// spell that follows a burst, after the configured number of quiet trim ticks, and only when the heap grew.
/// </summary>
public sealed class RibLoopIdleCollectionTests
{
    [Fact]
    public async Task IdleCollection_QuietAfterCommands_CollectsOnceUntilTheNextCommand()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = deadline.Token;
        var time = new FakeTimeProvider();
        // Any growth counts, so that the test does not depend on how much this process allocated.
        await using var loop = await StartLoopAsync(time, TimeSpan.FromSeconds(3), long.MinValue, ct);
        await AdvanceUntilAsync(time, () => loop.TrimCount == 1, ct);

        // Two quiet ticks are not yet three seconds.
        await TickAsync(time, 2, ct);
        Assert.Equal(0, loop.IdleCollections);
        await AdvanceUntilAsync(time, () => loop.IdleCollections == 1, ct);

        // The spell goes on: no second collection.
        await TickAsync(time, 10, ct);
        Assert.Equal(1, loop.IdleCollections);

        // A command ends the spell; the next one is collected again.
        await loop.PostAsync(new Originate(Prefix.Parse("10.244.1.0/26")), ct);
        await AdvanceUntilAsync(time, () => loop.IdleCollections == 2, ct);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task IdleCollection_OffOrHeapGrewTooLittle_NeverCollects(bool off)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = deadline.Token;
        var time = new FakeTimeProvider();
        await using var loop = await StartLoopAsync(time, off ? null : TimeSpan.FromSeconds(2), long.MaxValue, ct);
        await AdvanceUntilAsync(time, () => loop.TrimCount == 1, ct);
        await loop.PostAsync(new Originate(Prefix.Parse("10.244.2.0/26")), ct);
        await AdvanceUntilAsync(time, () => loop.TrimCount == 2, ct);
        await TickAsync(time, 10, ct);
        Assert.Equal(0, loop.IdleCollections);
    }

    private static async Task<RibLoop> StartLoopAsync(FakeTimeProvider time, TimeSpan? after, long minimumGrowth, CancellationToken ct)
    {
        var loop = new RibLoop(new RibEngine(new RibEngineSettings(65000, RouterId.Parse("10.0.0.1"))), new RibLoopOptions
        {
            Time = time,
            TrimInterval = TimeSpan.FromSeconds(1),
            IdleCollectAfter = after,
            IdleCollectMinimumGrowth = minimumGrowth,
        });
        await loop.StartAsync(ct);
        return loop;
    }
}

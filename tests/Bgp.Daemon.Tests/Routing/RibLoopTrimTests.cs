using Bgp.Daemon.Routing;
using Bgp.Protocol;
using Bgp.Rib.Engine;
using Microsoft.Extensions.Time.Testing;

namespace Bgp.Daemon.Tests.Routing;

/// <summary>
/// The idle trim (RibLoop.Trim.cs) on a fake clock: once per interval, and only when the loop handled
/// commands since the last trim, so a quiet daemon is not woken for nothing.
/// </summary>
public sealed class RibLoopTrimTests
{
    [Fact]
    public async Task TrimTimer_NoCommandsSinceLastTrim_SkipsUntilOneIsHandled()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = deadline.Token;
        var time = new FakeTimeProvider();
        await using var loop = new RibLoop(new RibEngine(new RibEngineSettings(65000, RouterId.Parse("10.0.0.1"))),
            new RibLoopOptions { Time = time, TrimInterval = TimeSpan.FromSeconds(1) });
        await loop.StartAsync(ct);

        // The first tick trims (nothing is known about the time before it).
        await AdvanceUntilAsync(time, () => loop.TrimCount == 1, ct);

        // Ticks with nothing handled in between, the trim itself not counting: no further trim.
        for (int i = 0; i < 20; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10, ct);
        }
        Assert.Equal(1, loop.TrimCount);

        // A command handled: the next tick trims again.
        await loop.ReadAsync(static e => e.Rib.Ipv4.PrefixCount, ct);
        await AdvanceUntilAsync(time, () => loop.TrimCount == 2, ct);
    }

    /// <summary>Moves the clock a tick at a time until <paramref name="done"/> (the timer re-arms asynchronously).</summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider time, Func<bool> done, CancellationToken ct)
    {
        while (!done())
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10, ct);
        }
    }
}

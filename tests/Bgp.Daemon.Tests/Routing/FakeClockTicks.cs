using Microsoft.Extensions.Time.Testing;

namespace Bgp.Daemon.Tests.Routing;

/// <summary>Moves a fake clock in one-second ticks for the RIB loop's timer tests (the timer re-arms asynchronously).</summary>
internal static class FakeClockTicks
{
    /// <summary>Ticks until <paramref name="done"/>.</summary>
    public static async Task AdvanceUntilAsync(FakeTimeProvider time, Func<bool> done, CancellationToken ct)
    {
        while (!done()) await TickAsync(time, 1, ct);
    }

    /// <summary>Exactly <paramref name="ticks"/> ticks, each given a moment to run the timer's work.</summary>
    public static async Task TickAsync(FakeTimeProvider time, int ticks, CancellationToken ct)
    {
        for (int i = 0; i < ticks; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10, ct);
        }
    }
}

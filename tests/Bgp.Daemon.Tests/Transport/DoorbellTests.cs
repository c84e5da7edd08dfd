using Bgp.Daemon.Transport;

namespace Bgp.Daemon.Tests.Transport;

/// <summary>The write loop's doorbell: rings collapse, a waiter wakes, cancellation ends waits.</summary>
public sealed class DoorbellTests
{
    [Fact]
    public async Task WaitAsync_RungTwiceBefore_CompletesOnceThenWaits()
    {
        var bell = new Doorbell(CancellationToken.None);
        bell.Ring();
        bell.Ring();
        Assert.True(bell.WaitAsync().AsTask().IsCompletedSuccessfully);

        var next = bell.WaitAsync().AsTask();
        Assert.False(next.IsCompleted);
        bell.Ring();
        await next.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WaitAsync_Cancelled_ThrowsNowAndLater()
    {
        using var cts = new CancellationTokenSource();
        var bell = new Doorbell(cts.Token);
        var waiting = bell.WaitAsync().AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));

        bell.Ring();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bell.WaitAsync().AsTask());
    }

    [Fact]
    public async Task WaitAsync_RingRacingTheWait_AlwaysWakes()
    {
        var bell = new Doorbell(CancellationToken.None);
        for (int i = 0; i < 1000; i++)
        {
            // Whether the ring lands before or after the wait starts, the wait completes.
            var ring = Task.Run(bell.Ring);
            await bell.WaitAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            await ring;
        }
    }

    [Fact]
    public async Task WaitAsync_RingRacingCancel_CompletesOnceThenStaysCancelled()
    {
        for (int i = 0; i < 500; i++)
        {
            using var cts = new CancellationTokenSource();
            var bell = new Doorbell(cts.Token);
            var waiting = bell.WaitAsync().AsTask();
            // Ring and the abort race for the one waiter: exactly one completes it (a second completion of the
            // value-task source would throw out of Ring or out of Cancel's callback), and later waits are cancelled.
            var ring = Task.Run(bell.Ring);
            var cancel = Task.Run(cts.Cancel);
            await Task.WhenAll(ring, cancel).WaitAsync(TimeSpan.FromSeconds(10));
            try
            {
                await waiting.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (OperationCanceledException)
            {
                // The abort won the race.
            }
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bell.WaitAsync().AsTask());
        }
    }

    [Fact]
    public void Construct_AllocatesLittle()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var bell = new Doorbell(CancellationToken.None);
        bell.Ring();
        Assert.True(bell.WaitAsync().AsTask().IsCompletedSuccessfully);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // A capacity-1 bounded Channel<bool> with its reader, writer and cached operations was about 0.57 kB.
        Assert.InRange(allocated, 0, 160);
        GC.KeepAlive(bell);
    }
}

using Bgp.Daemon.Transport;

namespace Bgp.Daemon.Tests.Transport;

/// <summary>The bounded UPDATE queue: backpressure at its capacity, FIFO order, storage given back when drained.</summary>
public sealed class UpdateQueueTests
{
    private static ReadOnlyMemory<byte> Item(int i) => new[] { (byte)i, (byte)(i >> 8) };

    private static int Value(ReadOnlyMemory<byte> item) => item.Span[0] | (item.Span[1] << 8);

    [Fact]
    public void TryDequeue_BacklogDrained_GivesBackStorage()
    {
        var queue = new UpdateQueue(1024);
        for (int i = 0; i < 300; i++) Assert.True(queue.TryEnqueue(Item(i)));
        Assert.True(queue.StorageCapacity >= 300);

        for (int i = 0; i < 300; i++)
        {
            Assert.True(queue.TryDequeue(out var item));
            Assert.Equal(i, Value(item));
        }
        Assert.False(queue.TryDequeue(out _));
        Assert.InRange(queue.StorageCapacity, 0, UpdateQueue.KeptCapacity);
    }

    [Fact]
    public async Task EnqueueAsync_Full_WaitsUntilWriterTakesOne()
    {
        // A capacity above what a drained queue keeps: the bound must hold while the storage regrows.
        const int Capacity = 100;
        var queue = new UpdateQueue(Capacity);
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < Capacity; i++) Assert.True(queue.TryEnqueue(Item(i)));
            Assert.False(queue.TryEnqueue(Item(Capacity)));
            var waiting = queue.EnqueueAsync(Item(Capacity), CancellationToken.None).AsTask();
            Assert.False(waiting.IsCompleted);
            Assert.Equal(Capacity, queue.Count);

            Assert.True(queue.TryDequeue(out var first));
            Assert.Equal(0, Value(first));
            Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(Capacity, queue.Count);
            for (int i = 1; i <= Capacity; i++)
            {
                Assert.True(queue.TryDequeue(out var item));
                Assert.Equal(i, Value(item));
            }
            Assert.Equal(0, queue.Count);
        }
    }

    [Fact]
    public async Task Complete_ProducerWaiting_ReturnsFalseAndDropsQueued()
    {
        var queue = new UpdateQueue(1);
        Assert.True(queue.TryEnqueue(Item(1)));
        var waiting = queue.EnqueueAsync(Item(2), CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);

        queue.Complete();
        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(queue.TryEnqueue(Item(3)));
        Assert.False(queue.TryDequeue(out _));
        Assert.False(await queue.EnqueueAsync(Item(4), CancellationToken.None));
    }

    [Fact]
    public async Task EnqueueAsync_CancelledWhileFull_ThrowsAndQueuesNothing()
    {
        var queue = new UpdateQueue(1);
        Assert.True(queue.TryEnqueue(Item(1)));
        using var cts = new CancellationTokenSource();
        var waiting = queue.EnqueueAsync(Item(2), cts.Token).AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(1, queue.Count);
    }
}

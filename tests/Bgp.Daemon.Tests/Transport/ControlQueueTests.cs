using Bgp.Daemon.Transport;
using Bgp.Protocol;
using Bgp.Protocol.Messages;

namespace Bgp.Daemon.Tests.Transport;

/// <summary>The control queue: FIFO, and after completion what is queued (the NOTIFICATION) is still read.</summary>
public sealed class ControlQueueTests
{
    [Fact]
    public void Complete_NotificationQueued_StillReadButNothingMoreAccepted()
    {
        var queue = new ControlQueue();
        var keepalive = KeepaliveMessage.Instance;
        var notification = new NotificationMessage(NotificationCode.Cease, 2, []);
        Assert.True(queue.TryWrite(keepalive));
        Assert.True(queue.TryWrite(notification));
        queue.Complete();

        Assert.False(queue.TryWrite(keepalive));
        Assert.True(queue.HasAny);
        Assert.True(queue.TryRead(out var first));
        Assert.Same(keepalive, first);
        Assert.True(queue.TryRead(out var second));
        Assert.Same(notification, second);
        Assert.False(queue.HasAny);
        Assert.False(queue.TryRead(out _));
    }

    [Fact]
    public void TryWrite_OneMessageAtATime_AllocatesOnlyItsSmallArray()
    {
        var keepalive = KeepaliveMessage.Instance;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var queue = new ControlQueue();
        for (int i = 0; i < 100; i++)
        {
            Assert.True(queue.TryWrite(keepalive));
            Assert.True(queue.TryRead(out _));
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // A single-reader unbounded Channel took about 0.8 kB per session before its first message.
        Assert.InRange(allocated, 0, 256);
    }
}

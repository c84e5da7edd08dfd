using Bgp.Daemon.Api;
using V1 = Bgp.Api.V1;

namespace Bgp.Daemon.Tests.Api;

/// <summary>A watcher never makes the RIB loop wait: when its queue is full it is closed and says so.</summary>
public sealed class EventWatcherTests
{
    [Fact]
    public async Task Offer_QueueFull_ClosesWatcherAsOverflowedKeepingWhatWasQueued()
    {
        var watcher = new EventWatcher(peers: true, bestPaths: true);
        for (int i = 0; i < EventWatcher.Capacity; i++) watcher.Offer(new V1.WatchEventsResponse());
        Assert.False(watcher.Overflowed);
        watcher.Offer(new V1.WatchEventsResponse());
        Assert.True(watcher.Overflowed);
        int read = 0;
        await foreach (var _ in watcher.Reader.ReadAllAsync()) read++;
        Assert.Equal(EventWatcher.Capacity, read);
    }

    [Fact]
    public void Unsubscribe_Watcher_CompletesItsStream()
    {
        var events = new ApiEvents(TimeProvider.System);
        var watcher = events.Subscribe(peers: true, bestPaths: false);
        events.Unsubscribe(watcher);
        Assert.True(watcher.Reader.Completion.IsCompleted);
        Assert.False(watcher.Overflowed);
    }
}

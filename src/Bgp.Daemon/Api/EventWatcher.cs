using System.Threading.Channels;
using V1 = Bgp.Api.V1;

namespace Bgp.Daemon.Api;

/// <summary>
/// One WatchEvents stream: a bounded queue the RIB loop and the sessions write into without waiting. A
/// watcher that falls <see cref="Capacity"/> events behind is closed (<see cref="Overflowed"/>) rather than
/// slowing the loop or growing without bound; the client reconnects with initial_state to resynchronise.
/// </summary>
internal sealed class EventWatcher
{
    public const int Capacity = 4096;

    private readonly Channel<V1.WatchEventsResponse> _queue = Channel.CreateBounded<V1.WatchEventsResponse>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = false, FullMode = BoundedChannelFullMode.Wait });
    private volatile bool _overflowed;

    public EventWatcher(bool peers, bool bestPaths)
    {
        Peers = peers;
        BestPaths = bestPaths;
    }

    public bool Peers { get; }
    public bool BestPaths { get; }
    public bool Overflowed => _overflowed;
    public ChannelReader<V1.WatchEventsResponse> Reader => _queue.Reader;

    /// <summary>Never waits: a full queue closes the watcher.</summary>
    public void Offer(V1.WatchEventsResponse response)
    {
        if (_queue.Writer.TryWrite(response)) return;
        _overflowed = true;
        _queue.Writer.TryComplete();
    }

    public void Close() => _queue.Writer.TryComplete();
}

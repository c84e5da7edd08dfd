using Bgp.Protocol;

namespace Bgp.Daemon.Transport;

/// <summary>
/// Message counters of one peer across its connections, updated by the connection loops with
/// Interlocked and read by anyone.
/// </summary>
public sealed class PeerCounters
{
    private long _messagesIn;
    private long _messagesOut;
    private long _updatesIn;
    private long _updatesOut;
    private long _keepalivesIn;
    private long _keepalivesOut;
    private long _notificationsIn;
    private long _notificationsOut;
    private long _routeRefreshesIn;
    private long _routeRefreshesOut;

    public long MessagesIn => Interlocked.Read(ref _messagesIn);
    public long MessagesOut => Interlocked.Read(ref _messagesOut);
    public long UpdatesIn => Interlocked.Read(ref _updatesIn);
    public long UpdatesOut => Interlocked.Read(ref _updatesOut);
    public long KeepalivesIn => Interlocked.Read(ref _keepalivesIn);
    public long KeepalivesOut => Interlocked.Read(ref _keepalivesOut);
    public long NotificationsIn => Interlocked.Read(ref _notificationsIn);
    public long NotificationsOut => Interlocked.Read(ref _notificationsOut);
    public long RouteRefreshesIn => Interlocked.Read(ref _routeRefreshesIn);
    public long RouteRefreshesOut => Interlocked.Read(ref _routeRefreshesOut);

    /// <summary>A message was written to the connection's pipe.</summary>
    public void CountSent(MessageType type)
    {
        Interlocked.Increment(ref _messagesOut);
        switch (type)
        {
            case MessageType.Update: Interlocked.Increment(ref _updatesOut); break;
            case MessageType.Keepalive: Interlocked.Increment(ref _keepalivesOut); break;
            case MessageType.Notification: Interlocked.Increment(ref _notificationsOut); break;
            case MessageType.RouteRefresh: Interlocked.Increment(ref _routeRefreshesOut); break;
        }
    }

    /// <summary>A message was received (decoded or not).</summary>
    public void CountReceived(MessageType type)
    {
        Interlocked.Increment(ref _messagesIn);
        switch (type)
        {
            case MessageType.Update: Interlocked.Increment(ref _updatesIn); break;
            case MessageType.Keepalive: Interlocked.Increment(ref _keepalivesIn); break;
            case MessageType.Notification: Interlocked.Increment(ref _notificationsIn); break;
            case MessageType.RouteRefresh: Interlocked.Increment(ref _routeRefreshesIn); break;
        }
    }

    public override string ToString() =>
        $"in {MessagesIn} (updates {UpdatesIn}, keepalives {KeepalivesIn}), out {MessagesOut} (updates {UpdatesOut}, keepalives {KeepalivesOut})";
}

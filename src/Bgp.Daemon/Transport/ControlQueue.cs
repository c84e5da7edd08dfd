using Bgp.Protocol.Messages;

namespace Bgp.Daemon.Transport;

/// <summary>
/// The control messages (OPEN, KEEPALIVE, NOTIFICATION, ROUTE-REFRESH) waiting for a connection's write loop.
/// Once completed nothing more is accepted, but what is queued (the closing NOTIFICATION) is still read.
/// <para>
/// Not an unbounded Channel: a single-reader channel starts with a 32-slot segment (a 424-B segment and a
/// 280-B array, about 0.8 kB per session with its reader and writer) for a queue that rarely holds more than
/// one message; this one is a lock and a queue that grows from nothing.
/// </para>
/// </summary>
internal sealed class ControlQueue
{
    private readonly Lock _lock = new();
    private readonly Queue<BgpMessage> _items = new();
    private bool _completed;

    /// <summary>Queues <paramref name="message"/>; false once completed.</summary>
    public bool TryWrite(BgpMessage message)
    {
        lock (_lock)
        {
            if (_completed) return false;
            _items.Enqueue(message);
            return true;
        }
    }

    /// <summary>The oldest message; false when there is none.</summary>
    public bool TryRead(out BgpMessage message)
    {
        lock (_lock) return _items.TryDequeue(out message!);
    }

    /// <summary>True while a message waits.</summary>
    public bool HasAny
    {
        get
        {
            lock (_lock) return _items.Count > 0;
        }
    }

    /// <summary>Accepts nothing more; what is queued can still be read.</summary>
    public void Complete()
    {
        lock (_lock) _completed = true;
    }
}

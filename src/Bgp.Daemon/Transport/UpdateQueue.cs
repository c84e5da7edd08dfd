namespace Bgp.Daemon.Transport;

/// <summary>
/// The bounded queue of encoded UPDATEs between their producers (the RIB loop, the API) and a connection's
/// write loop. Producers are held back at <see cref="Capacity"/>: <see cref="TryEnqueue"/> says no, and
/// <see cref="EnqueueAsync"/> waits for the writer to take one.
/// <para>
/// Not a bounded Channel: a channel's buffer never shrinks, so every session kept the largest backlog it ever
/// had (a 256-entry, 4,120-B array per session after workload 5's initial tables; 16 kB at the 1,024-UPDATE
/// capacity after a full table). This queue gives its storage back when the writer drains it, keeping only
/// a small one, so an idle session holds at most <see cref="KeptCapacity"/> entries of it.
/// </para>
/// </summary>
internal sealed class UpdateQueue
{
    /// <summary>Entries a drained queue keeps; a larger one is dropped, so a steady trickle does not re-grow it.</summary>
    internal const int KeptCapacity = 16;

    private readonly Lock _lock = new();
    private Queue<ReadOnlyMemory<byte>> _items = new();
    // Completed (and replaced) when the writer takes an UPDATE while producers wait for room.
    private TaskCompletionSource? _room;
    private bool _completed;

    public UpdateQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>UPDATEs that may wait before producers are held back.</summary>
    public int Capacity { get; }

    /// <summary>UPDATEs waiting for the writer.</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _items.Count;
        }
    }

    /// <summary>Entries the queue's storage has room for (for tests).</summary>
    internal int StorageCapacity
    {
        get
        {
            lock (_lock) return _items.Capacity;
        }
    }

    /// <summary>Queues <paramref name="update"/> if there is room; false when full or completed.</summary>
    public bool TryEnqueue(ReadOnlyMemory<byte> update)
    {
        lock (_lock)
        {
            if (_completed || _items.Count >= Capacity) return false;
            _items.Enqueue(update);
            return true;
        }
    }

    /// <summary>Queues <paramref name="update"/>, waiting while the queue is full; false when completed first.</summary>
    public async ValueTask<bool> EnqueueAsync(ReadOnlyMemory<byte> update, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task room;
            lock (_lock)
            {
                if (_completed) return false;
                if (_items.Count < Capacity)
                {
                    _items.Enqueue(update);
                    return true;
                }
                _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                room = _room.Task;
            }
            await room.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The oldest UPDATE, for the writer; false when there is none.</summary>
    public bool TryDequeue(out ReadOnlyMemory<byte> update)
    {
        TaskCompletionSource? room;
        lock (_lock)
        {
            if (!_items.TryDequeue(out update)) return false;
            if (_items.Count == 0 && _items.Capacity > KeptCapacity) _items = new Queue<ReadOnlyMemory<byte>>();
            room = _room;
            _room = null;
        }
        room?.TrySetResult();
        return true;
    }

    /// <summary>No more UPDATEs: those queued are dropped (the session is over) and waiting producers get false.</summary>
    public void Complete()
    {
        TaskCompletionSource? room;
        lock (_lock)
        {
            _completed = true;
            _items = new Queue<ReadOnlyMemory<byte>>();
            room = _room;
            _room = null;
        }
        room?.TrySetResult();
    }
}

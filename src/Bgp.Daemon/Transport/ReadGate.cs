namespace Bgp.Daemon.Transport;

/// <summary>
/// Read backpressure between a session's socket and the slower consumer of what it decodes (the RIB loop):
/// the consumer side counts UPDATEs handed over (<see cref="Added"/>) and taken (<see cref="Taken"/>); while
/// <see cref="HighWater"/> or more wait, <see cref="WhenOpen"/> is an incomplete task, and the connection's
/// read loop stops reading the socket until the count is back at <see cref="LowWater"/>. The kernel's
/// receive buffer then fills and TCP's window closes, so a fast sender is slowed to the RIB's pace instead
/// of its UPDATEs piling up decoded in memory (OpenBGPD's XOFF from the RDE to the session engine).
/// <para>
/// Hold timer (RFC 4271 4.4): a paused read does not read the KEEPALIVEs behind the UPDATEs either. The
/// pause lasts only until the RIB has taken <see cref="HighWater"/> - <see cref="LowWater"/> UPDATEs of this
/// peer, milliseconds even for a full table, far below any hold time (at least 3 s). So, unlike BIRD and
/// OpenBGPD, we do not count unread bytes as a sign of life: a peer is only ever considered alive for
/// messages we actually read. The same bound keeps the peer's RFC 9687 send hold timer (which fires when we
/// do not read for its send hold time, at least 2 x hold time) far away. Our own writes never wait for reads.
/// </para>
/// Thread-safe; <see cref="Added"/> and <see cref="Taken"/> may run on different threads.
/// </summary>
public sealed class ReadGate
{
    private readonly Lock _lock;
    private readonly ReadPacer? _pacer;
    private TaskCompletionSource? _closed;
    private int _waiting;
    private bool _disabled;

    /// <param name="pacer">Keeps this session in step with the others sending at the same time (<see cref="ReadPacer"/>); null for none.</param>
    public ReadGate(int highWater, int lowWater, ReadPacer? pacer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(highWater, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(lowWater);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lowWater, highWater);
        HighWater = highWater;
        LowWater = lowWater;
        _pacer = pacer;
        _lock = pacer?.Lock ?? new Lock();
    }

    // The pacer's view of this gate, read and written under its lock (which is then this gate's lock too).
    internal bool Paced { get; set; }
    internal long HandedOver { get; set; }
    internal long LastHandOver { get; set; }
    internal int WaitingUnlocked => _waiting;
    internal TaskCompletionSource? ClosedTask
    {
        get => _closed;
        set => _closed = value;
    }

    /// <summary>UPDATEs waiting at which reading stops.</summary>
    public int HighWater { get; }

    /// <summary>UPDATEs waiting at which reading resumes.</summary>
    public int LowWater { get; }

    /// <summary>UPDATEs handed over and not yet taken.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock) return _waiting;
        }
    }

    /// <summary>Completed while reading may go on; otherwise completes when it may resume.</summary>
    public Task WhenOpen
    {
        get
        {
            lock (_lock) return _closed?.Task ?? Task.CompletedTask;
        }
    }

    /// <summary>One more UPDATE waits for the consumer.</summary>
    public void Added()
    {
        List<TaskCompletionSource>? open = null;
        lock (_lock)
        {
            _waiting++;
            bool ahead = _pacer is not null && !_disabled && _pacer.HandOver(this);
            if ((_waiting >= HighWater || ahead) && _closed is null && !_disabled)
            {
                _closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _pacer?.Closed(this);
            }
            // This session's progress may be what others ahead of it were waiting for.
            if (_pacer is not null) open = _pacer.Release();
        }
        if (open is not null) foreach (var t in open) t.TrySetResult();
    }

    /// <summary>The consumer took one UPDATE.</summary>
    public void Taken()
    {
        if (_pacer is not null)
        {
            List<TaskCompletionSource>? released;
            lock (_lock)
            {
                // Not clamped at 0: the RIB may take an UPDATE before its session's Added ran (the binding queues the
                // command, then counts it), and a count left one too high kept a paced session held for good (a
                // session that is ahead reads again only once everything it handed over was taken).
                _waiting--;
                released = _pacer.Release();
            }
            if (released is not null) foreach (var t in released) t.TrySetResult();
            return;
        }
        TaskCompletionSource? open = null;
        lock (_lock)
        {
            // Not clamped at 0, as above: the count stays exact whichever of Added and Taken comes first.
            _waiting--;
            if (_waiting <= LowWater && _closed is not null)
            {
                open = _closed;
                _closed = null;
            }
        }
        open?.TrySetResult();
    }

    /// <summary>Opens for good (the consumer is gone: its queue will never be taken).</summary>
    public void Disable()
    {
        TaskCompletionSource? open;
        List<TaskCompletionSource>? released = null;
        lock (_lock)
        {
            _disabled = true;
            // Forgotten while still closed, so that the pacer's count of closed gates loses it.
            _pacer?.Forget(this);
            open = _closed;
            _closed = null;
            // Sessions held for being ahead of this one may now be level with the slowest left: without this they read
            // again only at their next Taken.
            if (_pacer is not null) released = _pacer.Release();
        }
        open?.TrySetResult();
        if (released is not null) foreach (var t in released) t.TrySetResult();
    }
}

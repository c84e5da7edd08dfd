using System.Threading.Tasks.Sources;

namespace Bgp.Daemon.Transport;

/// <summary>
/// Wakes a connection's write loop: producers <see cref="Ring"/>, the loop waits (<see cref="WaitAsync"/>).
/// Rings while the loop is busy collapse into one, since the loop drains everything queued at each wake; the
/// connection's abort token wakes it with an <see cref="OperationCanceledException"/>. One waiter at a time.
/// <para>
/// Not a capacity-1 Channel&lt;bool&gt;: that was about 0.57 kB per session (channel, reader, writer, deque,
/// array and three cached operations) for one bit. Waiting allocates nothing (a reusable value-task source).
/// </para>
/// </summary>
internal sealed class Doorbell : IValueTaskSource
{
    private readonly Lock _lock = new();
    private readonly CancellationToken _token;
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private bool _rung;
    private bool _waiting;
    private bool _cancelled;

    /// <param name="cancellationToken">Ends every wait, now and later, once cancelled (the connection's abort).</param>
    public Doorbell(CancellationToken cancellationToken)
    {
        _token = cancellationToken;
        // Registered once for the connection's life (the registration goes with the token's source).
        cancellationToken.UnsafeRegister(static s => ((Doorbell)s!).Cancel(), this);
    }

    /// <summary>Wakes the waiter, or the next wait if nobody waits now.</summary>
    public void Ring()
    {
        lock (_lock)
        {
            if (!_waiting)
            {
                _rung = true;
                return;
            }
            _waiting = false;
        }
        _core.SetResult(true);
    }

    /// <summary>Completes at the next ring (at once if one came since the last wait); throws once cancelled.</summary>
    public ValueTask WaitAsync()
    {
        lock (_lock)
        {
            if (_cancelled) return ValueTask.FromCanceled(_token);
            if (_rung)
            {
                _rung = false;
                return ValueTask.CompletedTask;
            }
            if (_waiting) throw new InvalidOperationException("the doorbell has one waiter at a time");
            _core.Reset();
            _waiting = true;
            return new ValueTask(this, _core.Version);
        }
    }

    private void Cancel()
    {
        lock (_lock)
        {
            _cancelled = true;
            if (!_waiting) return;
            _waiting = false;
        }
        _core.SetException(new OperationCanceledException(_token));
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);
}

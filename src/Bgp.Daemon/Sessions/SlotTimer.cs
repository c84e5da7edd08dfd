using Bgp.Protocol.Session;

namespace Bgp.Daemon.Sessions;

/// <summary>
/// One FSM timer on the TimeProvider. Restarting calls <see cref="ITimer.Change"/> (no allocation per
/// restart, and the hold timer restarts on every message). An expiry that was already on its way when the
/// timer was restarted or stopped is recognised by the deadline and dropped (or rescheduled), so the
/// FSM sees each expiry at most once and never early.
/// </summary>
internal sealed class SlotTimer : IDisposable
{
    private readonly TimeProvider _time;
    private readonly PeerSession _owner;
    private ITimer? _timer;
    private long _started;

    public SlotTimer(TimeProvider time, PeerSession owner, FsmSlot slot, FsmTimer which)
    {
        _time = time;
        _owner = owner;
        Slot = slot;
        Which = which;
    }

    public FsmSlot Slot { get; }
    public FsmTimer Which { get; }
    public bool Armed { get; private set; }
    public TimeSpan Duration { get; private set; }

    public void Start(TimeSpan duration)
    {
        Armed = true;
        Duration = duration;
        _started = _time.GetTimestamp();
        if (_timer is null) _timer = _time.CreateTimer(static s => ((SlotTimer)s!).Fired(), this, duration, Timeout.InfiniteTimeSpan);
        else _timer.Change(duration, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Restarts with the last duration if running (the RFC 9687 send hold timer on write progress).</summary>
    public void Restart()
    {
        if (Armed) Start(Duration);
    }

    public void Stop()
    {
        Armed = false;
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Called under the session lock: true when this is a real expiry the FSM must see.</summary>
    public bool TryExpire()
    {
        if (!Armed) return false;
        var elapsed = _time.GetElapsedTime(_started);
        if (elapsed < Duration)
        {
            // A stale callback from before a restart: the timer is already rescheduled, but make sure.
            _timer?.Change(Duration - elapsed, Timeout.InfiniteTimeSpan);
            return false;
        }
        Armed = false;
        return true;
    }

    private void Fired() => _owner.OnTimer(this);

    public void Dispose()
    {
        Armed = false;
        _timer?.Dispose();
        _timer = null;
    }
}

namespace Bgp.Daemon.Transport;

/// <summary>
/// Keeps the sessions that are sending at the same time in step: a session whose read loop has handed the RIB more
/// than <see cref="Lag"/> UPDATEs beyond the slowest sending session stops reading (its <see cref="ReadGate"/> closes)
/// until the others catch up or the RIB has taken everything it handed over. Peers that send their tables at once
/// mostly send them in the same order, so read in step the copies of a prefix from every peer reach the RIB together:
/// one batched export instead of one per best-path change, and the destination still in the cache for the later
/// copies. Bench workload 2 (four full tables at once): 1.45-1.59M announcements to the receiver instead of
/// 2.34-2.56M, 2.36 / 2.13 / 2.47 s against 2.62 / 2.60 / 2.46 (bench/README.md, fourteenth session).
/// <para>
/// Liveness: a session is held only while it has UPDATEs waiting in the RIB, so a hold ends at the latest when the RIB
/// has taken them (milliseconds, as for the gate's own high mark; the hold timer argument of <see cref="ReadGate"/>
/// holds). Only sessions still sending, with UPDATEs waiting in the RIB, count for the slowest: one that handed over
/// an UPDATE among the last <see cref="ActiveWindow"/> of all sessions and is not limited by its peer; a peer that
/// went quiet, finished its table or trickles churn holds nobody back, and one that starts sending far behind the
/// others goes in step with them from where they are.
/// </para>
/// One per RIB loop; its gates share its lock. Cost, under that lock: one walk over the paced gates per UPDATE handed
/// over (two when the session starts sending again), and, only while some paced gate is closed, one or two more per
/// UPDATE handed over or taken (<see cref="Release"/>); every session that sent an UPDATE (End-of-RIB included) stays
/// in it until detached. With 500 sessions the walks on every take were about 1,000 gate visits per UPDATE on the RIB
/// loop's thread; while nobody is held (most of the time) a take now costs a decrement and a compare.
/// </summary>
public sealed class ReadPacer
{
    private readonly List<ReadGate> _gates = [];
    private long _handedOver;
    // Paced gates whose ClosedTask is set: Release has nothing to open while it is 0 and returns without a walk.
    private int _closed;

    public ReadPacer(int lag, int activeWindow = 2000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lag, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(activeWindow, 1);
        Lag = lag;
        ActiveWindow = activeWindow;
    }

    /// <summary>UPDATEs a session may be ahead of the slowest sending session before it stops reading.</summary>
    public int Lag { get; }

    /// <summary>A session counts as sending while it handed over an UPDATE among the last this many of all sessions.</summary>
    public int ActiveWindow { get; }

    /// <summary>The lock every gate of this pacer uses, so that one gate's decision sees the others' counts.</summary>
    internal Lock Lock { get; } = new();

    /// <summary>Called under <see cref="Lock"/> when <paramref name="gate"/> hands over an UPDATE; true when it is too far ahead.</summary>
    internal bool HandOver(ReadGate gate)
    {
        if (!gate.Paced)
        {
            gate.Paced = true;
            _gates.Add(gate);
        }
        // A session that starts sending (again) more than ActiveWindow UPDATEs behind the sessions sending goes in step
        // with them from where they are: otherwise they would wait on it for their whole tables (or, for a peer that
        // sends one UPDATE now and then, for ActiveWindow UPDATEs each time). Sessions that start together (within
        // ActiveWindow of each other) keep their own counts, so tables sent at once stay aligned message for message.
        if (gate.LastHandOver <= _handedOver - ActiveWindow && SlowestSending(anyWaiting: true) is var slowest and not long.MaxValue
            && gate.HandedOver < slowest - ActiveWindow)
            gate.HandedOver = slowest;
        gate.HandedOver++;
        gate.LastHandOver = ++_handedOver;
        return IsAhead(gate.HandedOver, SlowestSending());
    }

    /// <summary>Called under <see cref="Lock"/> when the paced <paramref name="gate"/> has just set its ClosedTask.</summary>
    internal void Closed(ReadGate gate)
    {
        System.Diagnostics.Debug.Assert(gate.Paced && gate.ClosedTask is not null);
        _closed++;
    }

    /// <summary>Called under <see cref="Lock"/>: the gates that may read again, opened; their tasks to complete outside the lock.</summary>
    internal List<TaskCompletionSource>? Release()
    {
        if (_closed == 0) return null;
        // Only read for a closed gate down to its low mark with UPDATEs waiting; the walk does not change it.
        long slowest = 0;
        bool slowestKnown = false;
        List<TaskCompletionSource>? open = null;
        foreach (var g in _gates)
        {
            if (g.ClosedTask is not { } closed || g.WaitingUnlocked > g.LowWater) continue;
            if (g.WaitingUnlocked > 0)
            {
                if (!slowestKnown)
                {
                    slowest = SlowestSending();
                    slowestKnown = true;
                }
                if (IsAhead(g.HandedOver, slowest)) continue;
            }
            g.ClosedTask = null;
            _closed--;
            (open ??= []).Add(closed);
        }
        return open;
    }

    /// <summary>
    /// Called under <see cref="Lock"/> when a gate's consumer is gone: it no longer counts. The caller opens the gate
    /// (clears its ClosedTask) after this.
    /// </summary>
    internal void Forget(ReadGate gate)
    {
        if (gate.Paced)
        {
            gate.Paced = false;
            _gates.Remove(gate);
            if (gate.ClosedTask is not null) _closed--;
        }
    }

    /// <summary>Gates in the pacer (for tests).</summary>
    internal int GateCount
    {
        get
        {
            lock (Lock) return _gates.Count;
        }
    }

    /// <summary>Paced gates that are closed (for tests).</summary>
    internal int ClosedCount
    {
        get
        {
            lock (Lock) return _closed;
        }
    }

    /// <summary>
    /// More than <see cref="Lag"/> UPDATEs beyond <paramref name="slowest"/>; never when no session counts as sending
    /// (<see cref="SlowestSending"/> gives long.MaxValue, and MaxValue + Lag wrapped to a negative floor: a closed gate
    /// that had left the active window stayed held below its low mark until the RIB had taken all it handed over).
    /// </summary>
    private bool IsAhead(long handedOver, long slowest) => slowest != long.MaxValue && handedOver > slowest + Lag;

    /// <param name="anyWaiting">
    /// Whether sessions with no UPDATE waiting count. For the floor they do not: one with none is limited by its peer,
    /// not by us, and holding the others for it brings it no closer (a peer trickling churn would otherwise keep a table
    /// load in progress to one UPDATE at a time for as long as it trickles). For where a late starter goes in step, they do.
    /// </param>
    private long SlowestSending(bool anyWaiting = false)
    {
        long slowest = long.MaxValue;
        foreach (var g in _gates)
            if (g.LastHandOver > _handedOver - ActiveWindow && (anyWaiting || g.WaitingUnlocked > 0) && g.HandedOver < slowest)
                slowest = g.HandedOver;
        return slowest;
    }
}

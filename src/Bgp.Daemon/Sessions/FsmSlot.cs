using Bgp.Daemon.Transport;
using Bgp.Protocol.Session;

namespace Bgp.Daemon.Sessions;

/// <summary>
/// One FSM with its connection and timers. A peer has one slot, two during a connection collision
/// (RFC 4271 6.8: each connection runs its own FSM until one is dumped).
/// </summary>
internal sealed class FsmSlot : IDisposable
{
    private readonly SlotTimer[] _timers;

    public FsmSlot(BgpFsm fsm, TimeProvider time, PeerSession owner)
    {
        Fsm = fsm;
        _timers = new SlotTimer[(int)FsmTimer.DampingReset + 1];
        for (int i = 0; i < _timers.Length; i++) _timers[i] = new SlotTimer(time, owner, this, (FsmTimer)i);
    }

    public BgpFsm Fsm { get; }
    public BgpConnection? Connection { get; set; }
    /// <summary>Set once the slot was dropped: its late timer expiries and connection events are ignored.</summary>
    public bool Retired { get; private set; }

    public SlotTimer Timer(FsmTimer timer) => _timers[(int)timer];

    /// <summary>Whether the slot holds (or is negotiating on) a connection.</summary>
    public bool IsAlive => Connection is not null || Fsm.State >= SessionState.OpenSent;

    public void Dispose()
    {
        Retired = true;
        foreach (var t in _timers) t.Dispose();
    }
}

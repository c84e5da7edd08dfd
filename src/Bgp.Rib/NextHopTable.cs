using System.Net;

namespace Bgp.Rib;

/// <summary>
/// A next-hop table held in memory: explicit states per address, and one state for everything else
/// (connected and cost 0 by default, which is right for directly connected eBGP neighbours; a speaker
/// that must see its IGP sets <see cref="Default"/> to unreachable and fills the table).
/// Changing an entry does not re-run decisions by itself; the RIB loop does that when it applies a change.
/// </summary>
public sealed class NextHopTable : INextHopTable
{
    private readonly Dictionary<IPAddress, NextHopState> _states = [];

    public NextHopState Default { get; set; } = NextHopState.Connected;

    public void Set(IPAddress nextHop, NextHopState state) => _states[nextHop] = state;

    public bool Remove(IPAddress nextHop) => _states.Remove(nextHop);

    public NextHopState Resolve(IPAddress? nextHop) =>
        nextHop is not null && _states.TryGetValue(nextHop, out var s) ? s : Default;
}

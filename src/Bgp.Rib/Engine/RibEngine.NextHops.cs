using System.Net;

namespace Bgp.Rib.Engine;

// Next-hop tracking (RFC 4271 9.1.2.1 and 9.1.2.2 (e)): the interner reports which next hops the RIB
// depends on, the engine passes that on to its next-hop observers (bgpd's kernel sync), and they answer
// with NextHopChanged once they have resolved a hop. Only hops in use have an entry in the table, so a
// hop that leaves and comes back starts again from the default, and a late answer for a hop that left
// meanwhile is dropped rather than kept forever.
public sealed partial class RibEngine
{
    private readonly List<INextHopObserver> _nextHopObservers = [];

    /// <summary>
    /// Adds an observer of next hops coming into and going out of use (see <see cref="INextHopObserver"/>).
    /// Add it before the loop starts, or from the loop; it hears only of hops that come into use afterwards
    /// (<see cref="CopyNextHopsInUse"/> gives those already in use).
    /// </summary>
    public void AddNextHopObserver(INextHopObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _nextHopObservers.Add(observer);
    }

    /// <summary>Removes an observer added with <see cref="AddNextHopObserver"/>; from the loop only.</summary>
    public bool RemoveNextHopObserver(INextHopObserver observer) => _nextHopObservers.Remove(observer);

    /// <summary>True while some route in the RIB goes through <paramref name="nextHop"/>.</summary>
    public bool IsNextHopInUse(IPAddress nextHop) => Rib.Interner.IsNextHopInUse(nextHop);

    /// <summary>Adds every next hop some route in the RIB goes through to <paramref name="into"/>.</summary>
    public void CopyNextHopsInUse(List<IPAddress> into) => Rib.Interner.CopyNextHops(into);

    private void OnNextHopChanged(NextHopChanged changed)
    {
        if (Rib.NextHops is not NextHopTable table) return;
        // Stale: the hop went out of use after the resolver looked at it (its entry is gone with it).
        if (!Rib.Interner.IsNextHopInUse(changed.NextHop)) return;
        // Nothing to decide again when the state is what the decisions already saw.
        if (table.Resolve(changed.NextHop) == changed.State) return;
        table.Set(changed.NextHop, changed.State);
        // Both tables: an IPv6 route may have an IPv4 next hop (RFC 8950) and the other way round.
        _changes.Clear();
        Rib.Ipv4.ReevaluateNextHop(changed.NextHop, _changes);
        Rib.Ipv6.ReevaluateNextHop(changed.NextHop, _changes);
        foreach (var change in _changes) OnChanged(change);
        _changes.Clear();
    }

    private void OnNextHopUsed(IPAddress nextHop)
    {
        foreach (var observer in _nextHopObservers) observer.OnNextHopUsed(this, nextHop);
    }

    private void OnNextHopUnused(IPAddress nextHop)
    {
        // No set goes through it any more, so no decision reads this entry: dropping it changes no route.
        if (Rib.NextHops is NextHopTable table) table.Remove(nextHop);
        foreach (var observer in _nextHopObservers) observer.OnNextHopUnused(this, nextHop);
    }

    // The interner's listener: a separate object so that the engine's public surface does not grow the
    // interner's callback methods.
    private sealed class NextHopUse(RibEngine engine) : INextHopUseListener
    {
        public void NextHopUsed(IPAddress nextHop) => engine.OnNextHopUsed(nextHop);

        public void NextHopUnused(IPAddress nextHop) => engine.OnNextHopUnused(nextHop);
    }
}

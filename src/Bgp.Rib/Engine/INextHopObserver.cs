using System.Net;

namespace Bgp.Rib.Engine;

/// <summary>
/// Told when a next hop comes into use in the RIB (the first attribute set through it) and when it goes out
/// of use (the last one released): the next hops the IGP, for bgpd the kernel table, has to resolve and
/// report back with <see cref="NextHopChanged"/> (RFC 4271 9.1.2.1, 9.1.2.2 (e)). A hop that comes into use
/// starts from the engine's default state (connected, cost 0); one that goes out of use is forgotten, so a
/// <see cref="NextHopChanged"/> for it that was already on its way is ignored. Called on the RIB loop,
/// synchronously, in the middle of a command: an observer queues the work and returns; it must not block,
/// throw, or call back into the engine's commands. Locally originated routes (no next hop) are not reported.
/// </summary>
public interface INextHopObserver
{
    void OnNextHopUsed(RibEngine engine, IPAddress nextHop);

    void OnNextHopUnused(RibEngine engine, IPAddress nextHop);
}

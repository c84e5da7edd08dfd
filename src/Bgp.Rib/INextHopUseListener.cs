using System.Net;

namespace Bgp.Rib;

/// <summary>
/// Told by an <see cref="AttributeInterner"/> when the first interned set with a next hop appears and when the
/// last one goes: the set of next hops the RIB depends on, which is what an IGP (for bgpd, the kernel table)
/// has to resolve (RFC 4271 9.1.2.1). Called synchronously by the RIB's single writer, in the middle of an
/// Intern or Release: an implementation only records or queues, never calls back into the RIB.
/// </summary>
public interface INextHopUseListener
{
    /// <summary>The first set through <paramref name="nextHop"/> was interned.</summary>
    void NextHopUsed(IPAddress nextHop);

    /// <summary>The last set through <paramref name="nextHop"/> was released.</summary>
    void NextHopUnused(IPAddress nextHop);
}

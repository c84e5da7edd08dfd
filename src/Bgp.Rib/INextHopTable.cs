using System.Net;

namespace Bgp.Rib;

/// <summary>
/// Resolves next hops for the decision process. The RIB asks on every decision, so an implementation
/// answers from a table it already holds (fed by the kernel writer), never by I/O.
/// </summary>
public interface INextHopTable
{
    /// <summary>The state of <paramref name="nextHop"/>; a null next hop (a locally originated route) is the caller's to treat.</summary>
    NextHopState Resolve(IPAddress? nextHop);
}

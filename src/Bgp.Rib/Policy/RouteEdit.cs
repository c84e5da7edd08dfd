using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;

namespace Bgp.Rib.Policy;

/// <summary>
/// The route as the actions of one evaluation have left it so far. A mutable struct on the evaluator's
/// stack: actions replace <see cref="Attributes"/> with a new immutable set (made with <c>with</c>) only
/// when a value actually changes, so an evaluation that changes nothing allocates nothing.
/// </summary>
internal struct RouteEdit
{
    public PathAttributes Attributes;
    public IPAddress? NextHop;
    public bool NextHopSelf;
    public uint LocalAs;
    public Afi Family;
}

using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;

namespace Bgp.Daemon.Api;

/// <summary>One route copied out of the RIB on its loop (immutable values only); turned into a bgp.v1 Route off the loop.</summary>
internal readonly record struct RouteRow(Prefix Prefix, uint PathId, PathAttributes Attributes, IPAddress? NextHop, string Peer, bool Best, bool Multipath)
{
    public Bgp.Api.V1.Route ToApi() => ApiConvert.Route(Prefix, PathId, Attributes, NextHop, Peer, Best, Multipath);
}

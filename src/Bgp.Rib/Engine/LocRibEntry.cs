using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;

namespace Bgp.Rib.Engine;

/// <summary>
/// One route in a snapshot handed out of the RIB (for the API): immutable values only, so a reader on
/// another thread never touches the RIB's own storage. <see cref="PeerId"/> is
/// <see cref="RibEngine.LocalPeerId"/> for a route we originate.
/// </summary>
public sealed record LocRibEntry(Prefix Prefix, int PeerId, uint PathId, PathAttributes Attributes, IPAddress? NextHop)
{
    public bool IsLocal => PeerId == RibEngine.LocalPeerId;

    internal static LocRibEntry From(in RibPath path) =>
        new(path.Prefix, path.PeerId, path.PathId, path.Attributes.Attributes, path.Attributes.NextHop);
}

using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;

namespace Bgp.Rib.Export;

/// <summary>
/// What the <see cref="ExportInterner"/> looks an exported set up by, without allocating an
/// <see cref="ExportedRoute"/> first; its hash is computed once, here, and kept by the set it becomes.
/// </summary>
internal readonly struct ExportKey(Afi afi, PathAttributes attributes, IPAddress? nextHop, IPAddress? linkLocal)
{
    public Afi Afi { get; } = afi;
    public PathAttributes Attributes { get; } = attributes;
    public IPAddress? NextHop { get; } = nextHop;
    public IPAddress? LinkLocal { get; } = linkLocal;
    public int Hash { get; } = HashCode.Combine(afi, attributes.GetHashCode(), nextHop?.GetHashCode() ?? 0, linkLocal?.GetHashCode() ?? 0);
}

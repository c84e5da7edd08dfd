using Bgp.Protocol;

namespace Bgp.Rib.Export;

/// <summary>
/// Routes waiting to be sent with one exported set (or, with a null <see cref="Route"/>, waiting to be
/// withdrawn). Routes are taken from the tail, so sending a message's worth moves nothing.
/// </summary>
internal sealed class PendingGroup(Afi afi, ExportedRoute? route)
{
    public Afi Afi { get; } = afi;
    public ExportedRoute? Route { get; } = route;
    public List<Nlri> Items { get; } = [];
    /// <summary>True while the group sits in the send queue (it may have emptied since).</summary>
    public bool Queued { get; set; }
}

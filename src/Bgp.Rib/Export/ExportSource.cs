namespace Bgp.Rib.Export;

/// <summary>
/// The peer a route was learned from, reduced to what the export rules read: its id (a route never goes
/// back to it), its kind, and its BGP Identifier (the ORIGINATOR_ID a reflector sets, RFC 4456 8).
/// </summary>
public readonly record struct ExportSource(int PeerId, SourceKind Kind, uint BgpId)
{
    /// <summary>The peer id standing for this speaker itself; no session ever has it.</summary>
    public const int LocalPeerId = -1;

    public static ExportSource Local(uint routerId) => new(LocalPeerId, SourceKind.Local, routerId);

    /// <summary>The source for a path from <paramref name="peer"/>; <paramref name="isReflectorClient"/> only matters for an internal peer.</summary>
    public static ExportSource FromPeer(RibPeer peer, bool isReflectorClient)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var kind = !peer.IsInternal ? SourceKind.External
            : isReflectorClient ? SourceKind.ReflectorClient : SourceKind.InternalNonClient;
        return new ExportSource(peer.Id, kind, peer.BgpId);
    }

    public bool IsInternal => Kind is SourceKind.InternalNonClient or SourceKind.ReflectorClient;
}

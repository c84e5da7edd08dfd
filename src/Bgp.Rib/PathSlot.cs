using System.Runtime.InteropServices;

namespace Bgp.Rib;

/// <summary>
/// One path in a <see cref="LocRib"/>'s chunked path store: 32 bytes, no object of its own. It is at once the
/// Adj-RIB-In entry (linked into its peer's list) and the Loc-RIB candidate (linked into its
/// destination's list). Free slots chain through <see cref="NextInDestination"/>.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal struct PathSlot
{
    /// <summary>Null when the slot is free.</summary>
    public RouteAttributes? Attributes;
    public int Destination;
    public int NextInDestination;
    public int PreviousInPeer;
    public int NextInPeer;
    public uint PathId;
    public ushort Peer;
    public PathFlags Flags;
}

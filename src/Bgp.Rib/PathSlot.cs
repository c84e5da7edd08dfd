using System.Runtime.InteropServices;

namespace Bgp.Rib;

/// <summary>
/// One path in a <see cref="LocRib"/>'s path array: 40 bytes, no object of its own. It is at once the
/// Adj-RIB-In entry (linked into its peer's list) and the Loc-RIB candidate (linked into its
/// destination's list). Free slots chain through <see cref="NextInDestination"/>.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal struct PathSlot
{
    /// <summary>Null when the slot is free.</summary>
    public RouteAttributes? Attributes;
    /// <summary>Arrival order (RFC 5004 "oldest"); a new announcement or a change of attributes renews it.</summary>
    public ulong Sequence;
    public int Destination;
    public int NextInDestination;
    public int PreviousInPeer;
    public int NextInPeer;
    public uint PathId;
    public ushort Peer;
    public PathFlags Flags;
}

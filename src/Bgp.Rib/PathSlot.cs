using System.Runtime.InteropServices;

namespace Bgp.Rib;

/// <summary>
/// One path in a <see cref="LocRib"/>'s chunked path store: 24 bytes, no object of its own. It is at once the
/// Adj-RIB-In entry (linked into its peer's list) and the Loc-RIB candidate (linked into its
/// destination's list). Free slots chain through <see cref="NextInDestination"/>.
/// <para>
/// The attribute set is held by its interner id rather than by reference (issue #7): with no reference the
/// struct is 4-byte aligned, 6 x 4 + 2 + 1 = 27 bytes round to 28 instead of 32 (5M paths: 20 MB less), and
/// the GC has no references to trace through the path store, 165 MB of it in a full collection before.
/// The slot still owns one reference to its set, which keeps the id from being handed to another set.
/// Sequential, largest fields first: the runtime pads an auto-layout struct to a multiple of the pointer
/// size, which would make it 32 again.
/// </para>
/// <para>
/// The ADD-PATH path identifier is not here but in a side store that exists only once a path carries one
/// (LocRib.Storage.cs, <c>_pathIds</c>): 5 x 4 + 2 + 1 = 23 bytes round to 24 (workload 2's 5.16M paths: 20 MB less).
/// </para>
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PathSlot
{
    /// <summary>The <see cref="AttributeInterner"/> id of the path's set (<see cref="RouteAttributes.Id"/>); 0 when the slot is free.</summary>
    public int AttributesId;
    public int Destination;
    public int NextInDestination;
    public int PreviousInPeer;
    public int NextInPeer;
    public ushort Peer;
    public PathFlags Flags;
}

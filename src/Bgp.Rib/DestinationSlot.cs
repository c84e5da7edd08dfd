using System.Runtime.InteropServices;
using Bgp.Protocol;

namespace Bgp.Rib;

/// <summary>
/// One prefix in a <see cref="LocRib"/>: 32 bytes, the head of its candidate list and the best path.
/// Free slots chain through <see cref="FirstPath"/>.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal struct DestinationSlot
{
    public Prefix Prefix;
    /// <summary>First candidate (newest first); -1 for none.</summary>
    public int FirstPath;
    /// <summary>The best path's slot, -1 when no candidate is eligible.</summary>
    public int Best;
}

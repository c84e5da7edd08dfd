namespace Bgp.Rib.Export;

/// <summary>Where a route came from, which is what the iBGP and reflection rules decide on (RFC 4271 9.2, RFC 4456 6).</summary>
/// <remarks>A byte: <see cref="ExportMemoSlot"/> keeps two answers in 32 bytes and has one left for it.</remarks>
public enum SourceKind : byte
{
    /// <summary>Originated by this speaker (a configured or redistributed prefix).</summary>
    Local = 0,
    /// <summary>Learned from an eBGP peer.</summary>
    External,
    /// <summary>Learned from an iBGP peer that is not our reflector client.</summary>
    InternalNonClient,
    /// <summary>Learned from an iBGP peer that is our reflector client.</summary>
    ReflectorClient,
}

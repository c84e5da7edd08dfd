namespace Bgp.Rib;

/// <summary>Where a path stands after the last decision for its destination.</summary>
[Flags]
internal enum PathFlags : byte
{
    None = 0,
    Best = 1,
    Multipath = 2,
    /// <summary>
    /// Kept from a session that went down with graceful restart (RFC 4724 4.2): still used for forwarding and
    /// in the decision, removed unless the peer announces it again before its End-of-RIB or the restart time.
    /// </summary>
    Stale = 4,
}

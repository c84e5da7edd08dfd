namespace Bgp.Rib.Engine;

/// <summary>
/// Ends the deferral of route selection after our own restart (RFC 4724 4.1): posted by the RIB loop when the
/// selection deferral timer runs out before every awaited peer sent End-of-RIB. Harmless when not deferring.
/// </summary>
public sealed record EndDeferral : RibCommand;

namespace Bgp.Protocol.Capabilities;

/// <summary>Per-family entry of the Long-Lived Graceful Restart capability; the stale time is 24 bits.</summary>
public readonly record struct LongLivedGracefulRestartFamily(AfiSafi Family, bool ForwardingStatePreserved, uint StaleTime);

namespace Bgp.Protocol.Capabilities;

/// <summary>Per-family entry of the Graceful Restart capability.</summary>
public readonly record struct GracefulRestartFamily(AfiSafi Family, bool ForwardingStatePreserved);

using Bgp.Protocol;

namespace Bgp.Rib.Engine;

/// <summary>Stop announcing our own route for <paramref name="Prefix"/>.</summary>
public sealed record StopOriginating(Prefix Prefix) : RibCommand;

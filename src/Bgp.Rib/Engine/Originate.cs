using Bgp.Protocol;

namespace Bgp.Rib.Engine;

/// <summary>Start announcing <paramref name="Prefix"/> as our own route (a pod CIDR block, say).</summary>
public sealed record Originate(Prefix Prefix) : RibCommand;

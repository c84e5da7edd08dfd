namespace Bgp.Daemon.Routing;

/// <summary>What one item of <see cref="KernelSync"/>'s queue asks for.</summary>
internal enum KernelWorkKind : byte
{
    /// <summary>A learned best path (or ECMP set): install via its resolved next hops.</summary>
    Unicast,
    /// <summary>The best path is our own (originated): a blackhole for the block.</summary>
    Blackhole,
    /// <summary>No best path any more.</summary>
    Withdraw,
    /// <summary>A route of another protocol changed: resolve every next hop again.</summary>
    Resync,
    /// <summary>
    /// A link or address changed: resolve every next hop again and reconcile with what the kernel holds,
    /// since taking an interface down flushes routes through it without telling us.
    /// </summary>
    LinkChange,
    /// <summary>The RIB converged after our restart: reconcile the kept routes.</summary>
    Converged,
    /// <summary>A next hop came into use in the RIB (in <see cref="KernelWork.NextHop"/>): resolve it and tell the RIB.</summary>
    NextHopUsed,
    /// <summary>A next hop went out of use in the RIB: stop tracking it.</summary>
    NextHopUnused,
}

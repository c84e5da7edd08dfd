namespace Bgp.Netlink.Sync;

/// <summary>How a gateway resolved through the kernel's routes (<see cref="NextHopResolver.Resolve"/>).</summary>
public enum NextHopResolution : byte
{
    /// <summary>On a connected subnet: installed on-link on the interface of that subnet.</summary>
    Connected,
    /// <summary>Reached through another route with a gateway: installed via that gateway (recursive).</summary>
    Recursive,
    /// <summary>No usable route to it (none, a blackhole, or its interface is down).</summary>
    Unreachable,
}

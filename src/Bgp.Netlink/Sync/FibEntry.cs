namespace Bgp.Netlink.Sync;

/// <summary>
/// One prefix of the shadow FIB: what we want the kernel to hold (<see cref="Desired"/>, when
/// <see cref="Wanted"/>) next to what we believe it holds (<see cref="Installed"/>, when
/// <see cref="IsInstalled"/>). A class so the dictionary and the dirty queue share one object.
/// </summary>
internal sealed class FibEntry(InetPrefix prefix)
{
    public InetPrefix Prefix { get; } = prefix;
    public KernelRoute Desired;
    public bool Wanted;
    public KernelRoute Installed;
    public bool IsInstalled;

    /// <summary>The kernel holds exactly <see cref="Desired"/> (or nothing, when not wanted).</summary>
    public bool Synced;

    /// <summary>In <c>FibSync</c>'s dirty queue (each entry at most once).</summary>
    public bool Queued;

    /// <summary>Refusals in a row; 0 once a change goes through.</summary>
    public int Attempts;

    /// <summary>Not to be sent before this time (UTC ticks) while <see cref="Attempts"/> &gt; 0.</summary>
    public long RetryAtTicks;
}

namespace Bgp.Load;

/// <summary>Wall-clock seconds since the Unix epoch: generator and receiver run as separate processes
/// on one machine, so their timestamps are compared through the shared system clock.</summary>
public static class Clock
{
    public static double Now() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 1e7;
}

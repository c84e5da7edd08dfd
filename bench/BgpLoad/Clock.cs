using System.Diagnostics;

namespace Bgp.Load;

/// <summary>Wall-clock seconds since the Unix epoch: generator and receiver run as separate processes
/// on one machine, so their timestamps are compared through the shared system clock.
/// <see cref="Mono"/> is CLOCK_MONOTONIC (what Stopwatch reads on Linux), also shared by every process
/// of the machine and never stepped: the churn workload's send and arrival logs use it.</summary>
public static class Clock
{
    public static double Now() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 1e7;

    public static double Mono() => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
}

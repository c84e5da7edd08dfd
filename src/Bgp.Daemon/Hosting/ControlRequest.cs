using System.Runtime.InteropServices;

namespace Bgp.Daemon.Hosting;

/// <summary>What <see cref="ControlLoop"/> is asked to do: act on <paramref name="Signal"/>, or, when <paramref name="RibFault"/> is set, stop bgpd because its RIB loop failed.</summary>
internal readonly record struct ControlRequest(PosixSignal Signal, Exception? RibFault);

using System.Collections.Immutable;
using Bgp.Protocol;

namespace Bgp.Daemon.Sessions;

/// <summary>
/// What bgpd knows at start about its own restart (RFC 4724 4.1, Restarting Speaker): whether this run follows
/// a restart that kept forwarding going, and for which families. bgpd decides it from the kernel (see
/// <c>BgpDaemon.DetectRestart</c>): with graceful restart and kernel programming on, routes of our protocol
/// left in our table by the previous run are the forwarding state that was preserved.
/// </summary>
public sealed record LocalRestart(bool Restarting, ImmutableArray<AfiSafi> ForwardingPreserved)
{
    /// <summary>A fresh start: no R bit, no F bits, no deferral.</summary>
    public static readonly LocalRestart None = new(false, []);
}

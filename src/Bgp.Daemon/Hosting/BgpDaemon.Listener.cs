using Bgp.Daemon.Sessions;

namespace Bgp.Daemon.Hosting;

/// <summary>
/// The listening socket's per-peer options at run time. A peer added or removed by a reload or the API whose
/// TCP MD5 key (RFC 2385) could not be set or deleted on the listener stays added or removed; the failure is an
/// error line, because its effect is silent otherwise: the kernel drops that address's SYNs that do not carry
/// the key it holds (or a deleted peer's secret stays in the kernel).
/// </summary>
public sealed partial class BgpDaemon
{
    private void OnListenerOptionFailed(object? sender, ListenerOptionFailure failure) =>
        _log.Error("Peer {PeerAddress}: the listening socket refused {SocketOption} (errno {Errno}: {Reason}); "
            + "incoming connections from this address may be dropped by the kernel until a reload or restart sets it again",
            failure.PeerAddress.ToString(), failure.Error.Option, failure.Error.Errno, failure.Error.Message);
}

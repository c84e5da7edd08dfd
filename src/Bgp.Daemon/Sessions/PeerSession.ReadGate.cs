using Bgp.Daemon.Transport;

namespace Bgp.Daemon.Sessions;

public sealed partial class PeerSession
{
    private volatile ReadGate? _readGate;

    /// <summary>
    /// The read backpressure of whoever consumes this session's UPDATEs (the RIB binding): while it is closed,
    /// the connections stop reading their sockets. Null (the default): reads never wait.
    /// </summary>
    public ReadGate? ReadGate
    {
        get => _readGate;
        set => _readGate = value;
    }

    Task IBgpConnectionHandler.WhenReadable(BgpConnection connection) => _readGate?.WhenOpen ?? Task.CompletedTask;
}

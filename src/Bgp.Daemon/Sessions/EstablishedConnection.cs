using Bgp.Daemon.Transport;
using Bgp.Protocol.Session;

namespace Bgp.Daemon.Sessions;

/// <summary>
/// The connection a session is Established on, with the number of that Established (the session's count of
/// them, so never reused). One reference, so that a sender checks the number and queues on the connection it
/// belongs to: two separate fields could be read half before and half after a re-establishment.
/// </summary>
internal sealed class EstablishedConnection(BgpConnection connection, long epoch, NegotiatedSession negotiated)
{
    public BgpConnection Connection { get; } = connection;

    public long Epoch { get; } = epoch;

    /// <summary>What the OPENs on this connection agreed.</summary>
    public NegotiatedSession Negotiated { get; } = negotiated;
}

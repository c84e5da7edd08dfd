using System.Net.Sockets;
using Bgp.Daemon.Transport;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;

namespace Bgp.Daemon.Sessions;

/// <summary>Connections: dialing, accepting, the collision check, and what the connection loops report.</summary>
public sealed partial class PeerSession : IBgpConnectionHandler
{
    private ConnectAttempt? _connect;

    private sealed class ConnectAttempt(FsmSlot slot)
    {
        public FsmSlot Slot { get; } = slot;
        public CancellationTokenSource Cancel { get; } = new();
    }

    /// <summary>
    /// An accepted connection from this peer's address (from the listener's accept loop). True when the
    /// session took it; false means the caller closes it (stopped, Idle, or already two connections).
    /// </summary>
    public bool Accept(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        lock (_gate)
        {
            if (!_running) return false;
            if (Settings.TtlSecurity)
            {
                var family = socket.RemoteEndPoint is System.Net.IPEndPoint { Address.IsIPv4MappedToIPv6: true }
                    ? AddressFamily.InterNetwork
                    : socket.RemoteEndPoint!.AddressFamily;
                LinuxSocketOptions.SetTtlSecurity(socket, family, Settings.TtlSecurityHops);
            }
            return Attach(socket, ConnectionDirection.Incoming);
        }
    }

    /// <summary>Gives a new connection to the primary FSM when it waits for one, else to a second FSM (a collision).</summary>
    private bool Attach(Socket socket, ConnectionDirection direction)
    {
        var primary = _primary;
        if (primary is null || primary.Retired) return false;
        FsmSlot target;
        if (primary.Connection is null && primary.Fsm.State is SessionState.Connect or SessionState.Active)
        {
            target = primary;
        }
        else if (primary.Fsm.State == SessionState.Idle || _secondary is not null)
        {
            // Idle refuses connections (8.2.2); a third connection has nothing to collide with that is not already decided.
            return false;
        }
        else
        {
            target = NewSlot();
            _secondary = target;
            // Its start event makes it listen like the primary; the Connect action it may ask for is ignored (not primary).
            Dispatch(target, Settings.Passive ? FsmInput.ManualStartPassive : FsmInput.ManualStart);
        }
        var connection = new BgpConnection(socket, direction, Settings.UpdateQueueCapacity, _time, Counters, _linger);
        target.Connection = connection;
        // The FSM learns of the connection before the connection can deliver a message: an OPEN must find it in
        // OpenSent, not in Connect or Active (RFC 4271 8.2.2 would drop to Idle).
        Dispatch(target, direction == ConnectionDirection.Outgoing ? FsmInput.TcpCrAcked : FsmInput.TcpConnectionConfirmed);
        connection.Start(this);
        Track(connection.Completion);
        return true;
    }

    private void BeginConnect(FsmSlot slot)
    {
        CancelConnect();
        var attempt = new ConnectAttempt(slot);
        _connect = attempt;
        Track(ConnectAsync(attempt));
    }

    private void CancelConnect()
    {
        if (_connect is not { } attempt) return;
        _connect = null;
        attempt.Cancel.Cancel();
    }

    private async Task ConnectAsync(ConnectAttempt attempt)
    {
        Socket? socket = null;
        Exception? error = null;
        try
        {
            socket = await TcpConnector.ConnectAsync(Settings.EndPoint, Settings.SourceAddress, Settings.Password,
                Settings.TtlSecurity ? Settings.TtlSecurityHops : null, attempt.Cancel.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = ex;
        }
        lock (_gate)
        {
            bool current = _connect == attempt;
            if (current) _connect = null;
            attempt.Cancel.Dispose();
            if (socket is null)
            {
                if (error is not OperationCanceledException) LastConnectError = error;
                if (current && !attempt.Slot.Retired && attempt.Slot.Connection is null)
                    Dispatch(attempt.Slot, FsmInput.TcpConnectionFails);
                return;
            }
            if (!current || !_running || !Attach(socket, ConnectionDirection.Outgoing)) socket.Dispose();
        }
    }

    private FsmSlot? SlotOf(BgpConnection connection)
    {
        if (_primary is { } p && p.Connection == connection) return p;
        if (_secondary is { } s && s.Connection == connection) return s;
        return null;
    }

    void IBgpConnectionHandler.OnMessage(BgpConnection connection, in DecodeResult result)
    {
        if (result.Success) Counters.CountReceived(result.Message.Type);
        else Counters.CountReceived(0);
        lock (_gate)
        {
            if (SlotOf(connection) is not { } slot) return;
            if (slot == _held && Hold(result)) return;
            if (!result.Success)
            {
                Dispatch(slot, FsmInput.DecodeFailed(result.Error));
                return;
            }
            if (result.Message is OpenMessage open && !ResolveCollision(slot, connection.Direction, open)) return;
            Dispatch(slot, FsmInput.Received(result.Message));
        }
    }

    void IBgpConnectionHandler.OnWriteProgress(BgpConnection connection)
    {
        lock (_gate)
        {
            // RFC 9687: the peer is reading what we send, so the send hold timer starts over.
            SlotOf(connection)?.Timer(FsmTimer.SendHold).Restart();
        }
    }

    void IBgpConnectionHandler.OnClosed(BgpConnection connection, Exception? error)
    {
        lock (_gate)
        {
            if (SlotOf(connection) is not { } slot) return;
            slot.Connection = null;
            if (_established?.Connection == connection) _established = null;
            Dispatch(slot, FsmInput.TcpConnectionFails);
        }
    }
}

using System.Net;
using System.Threading.Channels;
using Bgp.Daemon.Sessions;
using Bgp.Daemon.Transport;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;
using Bgp.Rib.Engine;

namespace Bgp.Daemon.Routing;

/// <summary>
/// One PeerSession attached to the RIB loop: the session's events become RIB commands, and the loop's
/// output for the peer goes back into the session.
/// <para>
/// PeerSession raises its events under its lock, so the handlers must not wait. They write into this
/// session's own inbox (TryWrite never fails there) and a forwarder task moves the inbox into the loop's
/// bounded channel, awaiting when it is full. Order per session is kept (Down always follows the UPDATEs
/// before it). The inbox is unbounded as a channel but not in practice: every UPDATE put there is counted
/// in the session's <see cref="ReadGate"/> until the loop has applied it, and at the high mark the session's
/// read loop stops reading its socket, so a peer faster than the RIB is held back by TCP instead of its
/// decoded UPDATEs piling up here (before: a full table sat in this inbox, hundreds of MB).
/// </para>
/// </summary>
internal sealed class RibSessionBinding
{
    private readonly Channel<RibCommand> _inbox = Channel.CreateUnbounded<RibCommand>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,
    });
    private long _generation;
    private Task? _forwardHold;
    private PeerRibOptions _options;

    public RibSessionBinding(int peerId, PeerSession session, PeerRibOptions options, ReadGate readGate)
    {
        PeerId = peerId;
        Session = session;
        _options = options;
        ReadGate = readGate;
    }

    /// <summary>Counts this session's UPDATEs between its read loop and the RIB; the loop calls <see cref="ReadGate.Taken"/>.</summary>
    public ReadGate ReadGate { get; }

    public int PeerId { get; }
    public PeerSession Session { get; }
    /// <summary>
    /// Replaced by the loop when a reload changes the filters; the loop reads it when it handles the next Established
    /// (not the copy in that SessionUp, taken when the session came up: the loop may handle a reload in between).
    /// </summary>
    public PeerRibOptions Options
    {
        get => Volatile.Read(ref _options);
        set => Volatile.Write(ref _options, value);
    }

    /// <summary>The Graceful Restart capability of the peer in the last session that reached Established.</summary>
    public GracefulRestartCapability? PeerGracefulRestart { get; private set; }

    /// <summary>Both OPENs of the last Established session set the RFC 8538 N bit.</summary>
    public bool NotificationSupport { get; private set; }

    /// <summary>
    /// Bumped by the loop at every PeerUp / PeerDown: a stale timer of an earlier session is ignored, and a send task
    /// stops once the loop has taken the peer down (a detach too, whose session may still be up). It moves only when
    /// the loop handles those commands, behind the session's UPDATEs, so it cannot tell that the session has already
    /// ended and come up again: <see cref="ConnectionEpoch"/> does.
    /// </summary>
    public long Generation
    {
        get => Volatile.Read(ref _generation);
        set => Volatile.Write(ref _generation, value);
    }

    /// <summary>
    /// The <see cref="PeerSession.ConnectionEpoch"/> of the session the loop last handled a PeerUp for, 0 after its
    /// PeerDown (loop thread only). Every send for the peer carries it, and the session refuses it once that
    /// Established has ended, so output encoded from that session's Adj-RIB-Out with its codec options never
    /// reaches a later connection, even while the PeerDown is still on its way to the loop.
    /// </summary>
    public long ConnectionEpoch { get; set; }

    /// <summary>The codec options of the current session (loop thread only).</summary>
    public CodecOptions? CodecOptions { get; set; }

    /// <summary>A send task holds encoded UPDATEs for the peer (loop thread only).</summary>
    public bool Sending { get; set; }

    /// <summary>
    /// When the current send task started (a <see cref="TimeProvider.GetTimestamp"/> of RibLoopOptions.Time; loop
    /// thread only): a member of an update group holding it back longer than RibLoopOptions.GroupStallSplitAfter splits off.
    /// </summary>
    public long SendingSince { get; set; }

    /// <summary>The last send task, awaited on shutdown.</summary>
    public Task SendTask { get; set; } = Task.CompletedTask;

    public Task ForwardTask { get; set; } = Task.CompletedTask;

    /// <summary>
    /// Tests only: while set and not complete, what the session says next waits in the inbox, as if the loop's
    /// channel were slow, so that a test can take the session down and up again before the loop hears of it.
    /// </summary>
    internal Task? ForwardHold
    {
        get => Volatile.Read(ref _forwardHold);
        set => Volatile.Write(ref _forwardHold, value);
    }

    public int InboxCount => _inbox.Reader.Count;

    /// <summary>Queues <paramref name="command"/> behind every event of this session raised so far (its order kept).</summary>
    public bool TryEnqueue(RibCommand command) => _inbox.Writer.TryWrite(command);

    public void Subscribe()
    {
        Session.ReadGate = ReadGate;
        Session.Established += OnEstablished;
        Session.Down += OnDown;
        Session.UpdateReceived += OnUpdate;
        Session.RouteRefreshReceived += OnRouteRefresh;
    }

    public void Unsubscribe()
    {
        Session.Established -= OnEstablished;
        Session.Down -= OnDown;
        Session.UpdateReceived -= OnUpdate;
        Session.RouteRefreshReceived -= OnRouteRefresh;
        _inbox.Writer.TryComplete();
        // Nothing takes this session's UPDATEs any more: its reads must never wait for them.
        ReadGate.Disable();
        if (ReferenceEquals(Session.ReadGate, ReadGate)) Session.ReadGate = null;
    }

    /// <summary>Moves the inbox into the loop's channel in order until the inbox completes or <paramref name="cancellationToken"/> fires.</summary>
    public async Task ForwardAsync(ChannelWriter<RibCommand> loop, CancellationToken cancellationToken)
    {
        try
        {
            while (await _inbox.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (ForwardHold is { } hold) await hold.WaitAsync(cancellationToken).ConfigureAwait(false);
                while (_inbox.Reader.TryRead(out var command))
                    await loop.WriteAsync(command, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        catch (ChannelClosedException)
        {
            // The loop stopped taking commands.
        }
    }

    private void OnEstablished(object? sender, NegotiatedSession negotiated)
    {
        // RFC 4724 3: the peer's capability counts only when ours was in the OPEN too.
        PeerGracefulRestart = negotiated.GracefulRestart ? negotiated.PeerGracefulRestart : null;
        NotificationSupport = negotiated.NotificationSupport;
        // Under the session lock, like FactsOf: the number is this Established's.
        _inbox.Writer.TryWrite(new SessionUp(new PeerUp(PeerId, FactsOf(negotiated), Options), Session.ConnectionEpoch));
    }

    private void OnDown(object? sender, DownReason reason) =>
        _inbox.Writer.TryWrite(new PeerDown(PeerId, RetainsStale(Options.GracefulRestart, PeerGracefulRestart, NotificationSupport, reason)));

    /// <summary>
    /// Whether a peer's routes are kept as stale (receiving speaker) when its session ends with <paramref name="reason"/>.
    /// RFC 4724 4.2: a peer that sent the Graceful Restart capability keeps them when the TCP session ends without
    /// a NOTIFICATION. RFC 8538 4: with the N bit negotiated (<paramref name="notificationSupport"/>), a NOTIFICATION
    /// sent or received (hold timer expiry, an UPDATE error, a graceful Cease such as Other Configuration Change)
    /// ends it the same way, except a Cease / Hard Reset - received, or sent by us for a Cease that means "forget
    /// the routes" (<see cref="HardReset.Applies"/>) - which flushes them. Without the N bit every NOTIFICATION flushes.
    /// </summary>
    internal static bool RetainsStale(bool gracefulRestart, GracefulRestartCapability? peerGracefulRestart, bool notificationSupport, DownReason reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (!gracefulRestart || peerGracefulRestart is null) return false;
        if (reason.Kind == DownReasonKind.TcpConnectionFailed) return true;
        return notificationSupport && !reason.HardReset;
    }

    private void OnUpdate(object? sender, UpdateMessage update)
    {
        if (_inbox.Writer.TryWrite(new UpdateReceived(PeerId, update))) ReadGate.Added();
    }

    private void OnRouteRefresh(object? sender, RouteRefreshMessage message)
    {
        // RFC 7313 3: only a normal request asks for the routes; BoRR / EoRR only frame the peer's own resend.
        if (message.Subtype == RouteRefreshSubtype.Normal) _inbox.Writer.TryWrite(new RouteRefreshRequested(PeerId, message.Family));
    }

    private PeerFacts FactsOf(NegotiatedSession negotiated)
    {
        // Raised under the session lock right after the established connection was recorded, so the
        // endpoints are this session's.
        var local = Normalize(Session.LocalEndPoint?.Address);
        return new PeerFacts(Normalize(Session.Settings.Address)!, negotiated.PeerAs, negotiated.PeerBgpId, negotiated.IsInternal,
            negotiated.Families, negotiated.CodecOptions)
        {
            GracefulRestart = negotiated.GracefulRestart ? negotiated.PeerGracefulRestart : null,
            LocalAddressV4 = local is { AddressFamily: System.Net.Sockets.AddressFamily.InterNetwork } ? local : null,
            LocalAddressV6 = local is { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6, IsIPv6LinkLocal: false } ? local : null,
            LinkLocalV6 = local is { IsIPv6LinkLocal: true } ? local : null,
        };
    }

    /// <summary>A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; the RIB wants a.b.c.d.</summary>
    private static IPAddress? Normalize(IPAddress? address) =>
        address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
}

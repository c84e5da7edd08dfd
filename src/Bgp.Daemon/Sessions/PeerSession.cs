using System.Net;
using Bgp.Daemon.Transport;
using Bgp.Protocol;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;

namespace Bgp.Daemon.Sessions;

/// <summary>
/// The driver of one configured peer: it runs the sans-IO <see cref="BgpFsm"/> on real TCP connections.
/// It owns the peer's FSM(s), connection(s), timers and outgoing connect attempt, and does what the FSM's
/// actions say (connect, send, arm timers on the injected <see cref="TimeProvider"/>, drop, deliver).
/// <para>
/// Concurrency: every input (a received message, a timer expiry, a connect result, an accepted socket,
/// an operator's stop) takes the session's lock and is handled to the end, so the FSM, the slots and
/// the timers have one writer at a time; an input raised while one is being handled (by an event
/// handler, say) is queued and handled right after. The events below are raised under that lock on a
/// pool thread: keep handlers short and never block in them (queue work elsewhere; TrySendUpdate is fine).
/// Sending UPDATEs needs no lock: it goes to the established connection's bounded queue.
/// </para>
/// <para>
/// Every reaching of Established gets a number, <see cref="ConnectionEpoch"/>, and an UPDATE is sent for one:
/// it was encoded from what the RIB knows of that session (its Adj-RIB-Out, its negotiated codec options), and
/// the RIB hears of the session's end only after the UPDATEs the session delivered before it. By then the peer
/// may be Established again on a new connection, which must not get the old session's output.
/// </para>
/// <para>
/// Collisions (RFC 4271 6.8): the first connection, either direction, goes to the primary FSM. A second
/// connection while the primary holds one gets its own FSM; when either receives an OPEN,
/// <see cref="CollisionDetection.Decide"/> picks the one to dump with OpenCollisionDump, and a surviving
/// second FSM becomes the primary. So however the two sides race, one connection remains. When the peer may
/// already be Established on the connection the identifiers dump, the new connection waits for the peer to
/// choose instead (PeerSession.Collision.cs).
/// </para>
/// </summary>
public sealed partial class PeerSession : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly TimeSpan _linger;
    private readonly List<FsmAction> _actions = new(8);
    private readonly Queue<(FsmSlot Slot, FsmInput Input)> _deferred = new();
    private readonly List<Task> _background = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _dispatching;
    private bool _running;
    // Set by the first start (under _gate): the accept path may start only a session nothing has started yet.
    private bool _everStarted;
    private FsmSlot? _primary;
    private FsmSlot? _secondary;
    // The connection UPDATEs go to, with its Established's number (EstablishedConnection); null when not Established.
    private volatile EstablishedConnection? _established;
    private volatile NegotiatedSession? _negotiated;
    private SessionState _state;
    private int _collisions;

    /// <param name="settings">The peer.</param>
    /// <param name="speaker">Our side (AS, router id).</param>
    /// <param name="time">Clock for every timer (FakeTimeProvider in tests).</param>
    /// <param name="random">Jitter source (RFC 4271 10); used under this session's lock only.</param>
    /// <param name="closeLinger">How long a closing connection waits for the peer; null: 3 s.</param>
    public PeerSession(PeerSettings settings, SpeakerSettings speaker, TimeProvider time, Random random, TimeSpan? closeLinger = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(speaker);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        Settings = settings;
        Config = settings.ToPeerConfig(speaker);
        Config.Validate();
        _time = time;
        _random = random;
        _linger = closeLinger ?? speaker.CloseLinger;
        _stateSince = time.GetUtcNow();
    }

    public PeerSettings Settings { get; }
    /// <summary>The FSM's session attributes built from the settings.</summary>
    public PeerConfig Config { get; }
    public PeerCounters Counters { get; } = new();

    /// <summary>The peer's state: Established while a connection is, else the furthest of its FSMs.</summary>
    public SessionState State
    {
        get { lock (_gate) return _state; }
    }

    /// <summary>Why the session last went down (or failed to come up); null before the first time.</summary>
    public DownReason? LastDownReason
    {
        get => _lastDown?.Reason;
        private set => _lastDown = value is null ? null : new LastDown(value, _time.GetUtcNow());
    }
    /// <summary>What the OPENs agreed, while Established.</summary>
    public NegotiatedSession? NegotiatedSession => _negotiated;
    /// <summary>The last failed outgoing connect (refused, unreachable, a socket option the kernel refused).</summary>
    public Exception? LastConnectError { get; private set; }
    /// <summary>Connection collisions resolved (RFC 4271 6.8) so far.</summary>
    public int CollisionsResolved => Volatile.Read(ref _collisions);
    /// <summary>Connections currently held (two only during a collision).</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_gate) return (_primary?.Connection is null ? 0 : 1) + (_secondary?.Connection is null ? 0 : 1);
        }
    }

    /// <summary>Our end of the established connection.</summary>
    public IPEndPoint? LocalEndPoint => _established?.Connection.LocalEndPoint;
    /// <summary>The peer's end of the established connection.</summary>
    public IPEndPoint? RemoteEndPoint => _established?.Connection.RemoteEndPoint;
    /// <summary>UPDATEs waiting in the established connection's queue.</summary>
    public int QueuedUpdates => _established?.Connection.QueuedUpdates ?? 0;
    /// <summary>True while the UPDATE queue is full (the peer is not reading fast enough).</summary>
    public bool IsThrottled => _established?.Connection.IsThrottled ?? false;

    /// <summary>
    /// The number of the Established the session is in (its <see cref="EstablishedTransitions"/> when it got
    /// there), 0 when not Established. Read it in an <see cref="Established"/> handler (raised under the session's
    /// lock, so it is that Established's) and pass it to the sends made for that session.
    /// </summary>
    public long ConnectionEpoch => _established?.Epoch ?? 0;

    /// <summary>Every change of <see cref="State"/>.</summary>
    public event EventHandler<PeerStateChange>? StateChanged;
    /// <summary>The session reached Established.</summary>
    public event EventHandler<NegotiatedSession>? Established;
    /// <summary>The session left Established, with the reason (once per Established).</summary>
    public event EventHandler<DownReason>? Down;
    /// <summary>An UPDATE arrived (decoded with the session's options; check its Errors / TreatAsWithdraw).</summary>
    public event EventHandler<UpdateMessage>? UpdateReceived;
    /// <summary>A ROUTE-REFRESH for a negotiated family arrived.</summary>
    public event EventHandler<RouteRefreshMessage>? RouteRefreshReceived;

    /// <summary>ManualStart: connects (unless passive) and accepts the peer's connections.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_running) return Task.CompletedTask;
            _running = true;
            _everStarted = true;
            _primary?.Dispose();
            _primary = NewSlot();
            Dispatch(_primary, Settings.Passive ? FsmInput.ManualStartPassive : FsmInput.ManualStart);
        }
        return Task.CompletedTask;
    }

    /// <summary>ManualStop with a Cease / Administrative Shutdown (no text).</summary>
    public Task StopAsync(CancellationToken cancellationToken) => StopAsync(null, cancellationToken);

    /// <summary>
    /// ManualStop: a Cease / Administrative Shutdown carrying <paramref name="shutdownCommunication"/>
    /// (RFC 8203 / RFC 9003) goes out, the connections close, and the call returns once they are closed.
    /// </summary>
    public Task StopAsync(string? shutdownCommunication, CancellationToken cancellationToken) =>
        StopWithAsync(FsmInput.ManualStop(shutdownCommunication), null, cancellationToken);

    /// <summary>
    /// A stop for a planned restart of bgpd (<see cref="FsmInput.GracefulStop"/>): with graceful restart negotiated
    /// the peer keeps our routes as stale; otherwise this is <see cref="StopAsync(string?, CancellationToken)"/>.
    /// </summary>
    public Task StopGracefullyAsync(string? shutdownCommunication, CancellationToken cancellationToken) =>
        StopWithAsync(FsmInput.GracefulStop(shutdownCommunication), null, cancellationToken);

    /// <summary>Administrative reset: Cease / Administrative Reset with the text, then a fresh start.</summary>
    public async Task ResetAsync(string? shutdownCommunication, CancellationToken cancellationToken)
    {
        var input = new FsmInput(FsmEvent.ManualStop, NotificationMessage.Cease(CeaseSubcode.AdministrativeReset, shutdownCommunication));
        await StopWithAsync(input, null, cancellationToken).ConfigureAwait(false);
        await StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Queues an encoded UPDATE (built for that session's codec options) on the connection of the Established
    /// numbered <paramref name="connectionEpoch"/> (<see cref="ConnectionEpoch"/>), waiting while its queue is
    /// full. False when the session is no longer in that Established (down, or up again on another connection)
    /// or it ended while waiting.
    /// </summary>
    public ValueTask<bool> SendUpdateAsync(long connectionEpoch, ReadOnlyMemory<byte> encoded, CancellationToken cancellationToken)
    {
        var established = _established;
        return established is null || established.Epoch != connectionEpoch
            ? ValueTask.FromResult(false)
            : established.Connection.EnqueueUpdateAsync(encoded, cancellationToken);
    }

    /// <summary>
    /// Encodes <paramref name="update"/> with the current session's codec options and queues it, waiting while the
    /// queue is full; for callers that build an UPDATE for whatever session is up. False when not Established.
    /// </summary>
    public ValueTask<bool> SendUpdateAsync(UpdateMessage update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        // One read: the connection and what was negotiated on it.
        var established = _established;
        if (established is null) return ValueTask.FromResult(false);
        return established.Connection.EnqueueUpdateAsync(BgpEncoder.ToArray(update, established.Negotiated.CodecOptions), cancellationToken);
    }

    /// <summary>
    /// Queues an encoded UPDATE without waiting on the connection of the Established numbered
    /// <paramref name="connectionEpoch"/>; false when throttled (queue full) or no longer in that Established.
    /// </summary>
    public bool TrySendUpdate(long connectionEpoch, ReadOnlyMemory<byte> encoded)
    {
        var established = _established;
        return established is not null && established.Epoch == connectionEpoch && established.Connection.TryEnqueueUpdate(encoded);
    }

    /// <summary>Completes when <see cref="State"/> is <paramref name="state"/>.</summary>
    public async Task WaitForStateAsync(SessionState state, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_state == state) return;
                changed = _changed.Task;
            }
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Completes with the negotiated session once Established.</summary>
    public async Task<NegotiatedSession> WaitForEstablishedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await WaitForStateAsync(SessionState.Established, cancellationToken).ConfigureAwait(false);
            if (_negotiated is { } s) return s;
        }
    }

    /// <summary>Closes everything at once (no NOTIFICATION) and waits for the loops to end.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] pending;
        lock (_gate)
        {
            _running = false;
            CancelConnect();
            EndHold();
            _choiceTimer?.Dispose();
            foreach (var slot in new[] { _primary, _secondary })
            {
                slot?.Connection?.Abort();
                slot?.Dispose();
            }
            _established = null;
            _negotiated = null;
            pending = [.. _background];
        }
        try
        {
            await Task.WhenAll(pending).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Loops report their own failures through OnClosed; disposal only waits for them.
        }
    }

    public override string ToString() => $"peer {Settings} {State}";

    /// <param name="connectionEpoch">Only while in this Established (<see cref="ConnectionEpoch"/>); null: whatever the state.</param>
    private async Task StopWithAsync(FsmInput stop, long? connectionEpoch, CancellationToken cancellationToken)
    {
        Task[] pending;
        lock (_gate)
        {
            if (connectionEpoch is { } epoch && _established?.Epoch != epoch) return;
            if (_running)
            {
                _running = false;
                CancelConnect();
                // A held connection is stopped, not released: the stop of the other one must not hand it its OPEN.
                EndHold();
                var primary = _primary;
                var secondary = _secondary;
                if (secondary is not null) Dispatch(secondary, stop);
                if (primary is not null) Dispatch(primary, stop);
                // ManualStop in Idle is ignored by the FSM; a pending automatic restart must not fire either.
                _primary?.Dispose();
                _secondary?.Dispose();
                _secondary = null;
                UpdateState();
            }
            pending = [.. _background];
        }
        await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}

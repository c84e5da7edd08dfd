using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Bgp.Daemon.Transport;

namespace Bgp.Daemon.Sessions;

/// <summary>
/// A BGP speaker: one listener and one <see cref="PeerSession"/> per configured peer. Incoming
/// connections go to the peer whose address (or <see cref="PeerSettings.AcceptFrom"/> prefix) they come
/// from; all others are closed unread. MD5 keys of the peers are installed on the listening socket.
/// <para>
/// The kernel keeps one RFC 2385 key per peer address on the listener and drops every SYN from that address
/// not signed with it, so the listener's keys must follow the peer table: a key is installed when a peer with
/// a password is added, replaced when the password changes, and deleted when no configured peer at that address
/// has a password any more (a removed peer's stale key would silently keep a re-added peer without a password,
/// or with a new one, from ever connecting to us, and leave its secret in the kernel). Two peers on one address
/// (different ports) share that one key: the newest peer with a password decides it, and removing a peer keeps
/// (or re-installs) the key another peer at the address still needs. Such peers should use the same password.
/// </para>
/// </summary>
public sealed class BgpSpeaker : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Random? _random;
    private ImmutableArray<PeerSession> _peers = [];
    private BgpListener? _listener;
    // The RFC 2385 key on _listener per peer address, as we installed it (under _gate). Linux answers ENOENT to
    // deleting a key that is not there, so only what this table holds is ever deleted.
    private readonly Dictionary<IPAddress, string> _listenerKeys = [];
    private bool _running;

    /// <param name="settings">Our AS, router id, listen endpoint and peers.</param>
    /// <param name="timeProvider">Clock for all timers; null: the system clock.</param>
    /// <param name="random">Seeds each peer's jitter source; null: unseeded.</param>
    public BgpSpeaker(SpeakerSettings settings, TimeProvider? timeProvider = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        _time = timeProvider ?? TimeProvider.System;
        _random = random;
        foreach (var p in settings.Peers) AddPeer(p);
    }

    public SpeakerSettings Settings { get; }
    public ImmutableArray<PeerSession> Peers => _peers;
    /// <summary>Where the listener is bound (with the port the OS chose for port 0); null before start or without a listener.</summary>
    public IPEndPoint? ListenEndPoint => _listener?.LocalEndPoint;
    /// <summary>The listening socket (null before start): tests look at the kernel's keys on it.</summary>
    internal Socket? ListenerSocket => _listener?.Socket;
    /// <summary>Incoming connections closed because no peer is configured for their address.</summary>
    public long RejectedConnections => _listener?.RejectedConnections ?? 0;
    /// <summary>Raised after an unconfigured peer's connection was closed.</summary>
    public event EventHandler<IPEndPoint>? ConnectionRejected;
    /// <summary>
    /// Raised (after the change, outside the speaker's lock) when adding or removing a peer at run time could not
    /// set or delete its key (or TTL) on the listening socket; the peer was added or removed all the same.
    /// </summary>
    public event EventHandler<ListenerOptionFailure>? ListenerOptionFailed;

    /// <summary>The peer configured for <paramref name="address"/>, or null.</summary>
    public PeerSession? FindPeer(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        foreach (var p in _peers)
            if (p.Settings.Matches(address)) return p;
        return null;
    }

    /// <summary>
    /// Adds a peer; it starts at once when the speaker is running. <paramref name="prepare"/> runs on the new
    /// session before it starts (outside the speaker's lock), so that whoever subscribes to its events or attaches
    /// it to a RIB sees its first state change and cannot miss it coming up.
    /// </summary>
    public PeerSession AddPeer(PeerSettings settings, Action<PeerSession>? prepare = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Random random;
        lock (_gate) random = _random is null ? new Random() : new Random(_random.Next());
        var session = new PeerSession(settings, Settings, _time, random);
        prepare?.Invoke(session);
        ListenerOptionFailure? failure = null;
        lock (_gate)
        {
            // Started before the listener can find it: found but not started, it would close a connection unread.
            if (_running) session.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
            _peers = _peers.Add(session);
            if (_listener is not null)
            {
                // A refused option must not lose the peer (it is in the table already) nor throw into a reload:
                // it is reported, and the peer still connects out with its own key on the outgoing socket.
                try
                {
                    ConfigureListener(_listener, settings);
                }
                catch (SocketOptionException e)
                {
                    failure = new ListenerOptionFailure(settings.Address, e);
                }
            }
        }
        if (failure is not null) ListenerOptionFailed?.Invoke(this, failure);
        return session;
    }

    /// <summary>
    /// Removes <paramref name="session"/>: it leaves the table first (so its address no longer finds it), then
    /// stops with Cease / <paramref name="subcode"/> (RFC 4486: 3 Peer De-configured, 6 Other Configuration
    /// Change) and is disposed. False when it was not one of ours. The same address can be added again after.
    /// </summary>
    public async Task<bool> RemovePeerAsync(PeerSession session, Bgp.Protocol.CeaseSubcode subcode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ListenerOptionFailure? failure = null;
        lock (_gate)
        {
            if (!_peers.Contains(session)) return false;
            _peers = _peers.Remove(session);
            // The key goes with the peer (unless another peer at the address still needs one). Connections already
            // accepted keep their own copy of the key, so the CEASE below still goes out signed.
            if (_listener is not null && IsReachable(_listener, session.Settings.Address))
            {
                try
                {
                    SyncListenerKey(_listener, session.Settings.Address);
                }
                catch (SocketOptionException e)
                {
                    failure = new ListenerOptionFailure(session.Settings.Address, e);
                }
            }
        }
        if (failure is not null) ListenerOptionFailed?.Invoke(this, failure);
        await session.StopWithCeaseAsync(subcode, null, cancellationToken).ConfigureAwait(false);
        await session.DisposeAsync().ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Binds the listener (when configured), listens, and starts every peer. A configured peer's connection may
    /// land before the loop below has started its session: <see cref="OnAccept"/> starts that session then (a
    /// session refuses connections until started, Idle in RFC 4271 8.2.2, and a peer waiting on us would only
    /// retry after its ConnectRetry time). Listening first keeps the window in which the kernel refuses a peer
    /// that connects as we start as short as binding (two bgpds started together each refused the other's
    /// first connection when the peers started before the listen).
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ImmutableArray<PeerSession> peers;
        lock (_gate)
        {
            if (_running) return;
            if (Settings.ListenAddress is { } address)
            {
                var listener = new BgpListener(new IPEndPoint(address, Settings.ListenPort), OnAccept);
                listener.ConnectionRejected += OnRejected;
                _listenerKeys.Clear();
                // At start a refused option is fatal (it throws to the caller): the configuration cannot run as written.
                foreach (var p in _peers) ConfigureListener(listener, p.Settings);
                _listener = listener;
            }
            _running = true;
            peers = _peers;
            _listener?.Start();
        }
        foreach (var p in peers) await p.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops every peer with a plain Cease / Administrative Shutdown and closes the listener.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => StopAsync(null, cancellationToken);

    /// <summary>Stops every peer with Cease / Administrative Shutdown carrying <paramref name="shutdownCommunication"/>, then closes the listener.</summary>
    public Task StopAsync(string? shutdownCommunication, CancellationToken cancellationToken) =>
        StopAsync(shutdownCommunication, graceful: false, cancellationToken);

    /// <summary>
    /// Closes the listener and stops every peer; <paramref name="graceful"/> stops them for a planned restart
    /// (<see cref="PeerSession.StopGracefullyAsync"/>: peers with graceful restart keep our routes).
    /// </summary>
    public async Task StopAsync(string? shutdownCommunication, bool graceful, CancellationToken cancellationToken)
    {
        BgpListener? listener;
        ImmutableArray<PeerSession> peers;
        lock (_gate)
        {
            _running = false;
            listener = _listener;
            _listener = null;
            _listenerKeys.Clear();
            peers = _peers;
        }
        if (listener is not null) await listener.DisposeAsync().ConfigureAwait(false);
        var stops = new Task[peers.Length];
        for (int i = 0; i < peers.Length; i++)
            stops[i] = graceful ? peers[i].StopGracefullyAsync(shutdownCommunication, cancellationToken) : peers[i].StopAsync(shutdownCommunication, cancellationToken);
        await Task.WhenAll(stops).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        BgpListener? listener;
        lock (_gate)
        {
            _running = false;
            listener = _listener;
            _listener = null;
            _listenerKeys.Clear();
        }
        if (listener is not null) await listener.DisposeAsync().ConfigureAwait(false);
        foreach (var p in _peers) await p.DisposeAsync().ConfigureAwait(false);
    }

    private void ConfigureListener(BgpListener listener, PeerSettings peer)
    {
        if (!IsReachable(listener, peer.Address)) return;
        // RFC 2385: the key must be in place before the peer's SYN arrives.
        SyncListenerKey(listener, peer.Address);
        // RFC 5082: our SYN-ACK must already leave with TTL 255, or a GTSM peer drops it.
        if (peer.TtlSecurity) LinuxSocketOptions.SetOutgoingTtl(listener.Socket, peer.Address.AddressFamily);
    }

    /// <summary>An IPv4 listener cannot hear (nor key) an IPv6 peer.</summary>
    private static bool IsReachable(BgpListener listener, IPAddress peer) =>
        listener.Socket.AddressFamily == AddressFamily.InterNetworkV6 || peer.AddressFamily == AddressFamily.InterNetwork;

    /// <summary>
    /// Makes the listener's key for <paramref name="address"/> the one the peer table asks for (see the class
    /// comment): the newest peer at the address with a password, or none. Installs, replaces (TCP_MD5SIG with
    /// the new key) or deletes (TCP_MD5SIG with tcpm_keylen 0); throws <see cref="SocketOptionException"/>, leaving
    /// the table as the kernel still has it. Under <see cref="_gate"/>.
    /// </summary>
    private void SyncListenerKey(BgpListener listener, IPAddress address)
    {
        string? wanted = null;
        for (int i = _peers.Length - 1; i >= 0 && wanted is null; i--)
        {
            var p = _peers[i].Settings;
            if (p.Address.Equals(address) && !string.IsNullOrEmpty(p.Password)) wanted = p.Password;
        }
        _listenerKeys.TryGetValue(address, out string? installed);
        if (string.Equals(wanted, installed, StringComparison.Ordinal)) return;
        listener.SetMd5Signature(address, wanted);
        if (wanted is null) _listenerKeys.Remove(address);
        else _listenerKeys[address] = wanted;
    }

    private bool OnAccept(Socket socket, IPAddress remote)
    {
        if (FindPeer(remote) is not { } peer) return false;
        if (peer.Accept(socket)) return true;
        // Never started while the speaker runs: StartAsync has not reached it (starting it twice is harmless). A
        // session stopped since (max-prefix cease, disable, removal) stays down: checked and started under its lock.
        if (!Volatile.Read(ref _running) || !peer.StartIfNeverStarted()) return false;
        return peer.Accept(socket);
    }

    private void OnRejected(object? sender, IPEndPoint remote) => ConnectionRejected?.Invoke(this, remote);
}

using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Bgp.Daemon.Transport;

namespace Bgp.Daemon.Sessions;

/// <summary>
/// A BGP speaker: one listener and one <see cref="PeerSession"/> per configured peer. Incoming
/// connections go to the peer whose address (or <see cref="PeerSettings.AcceptFrom"/> prefix) they come
/// from; all others are closed unread. MD5 keys of the peers are installed on the listening socket.
/// </summary>
public sealed class BgpSpeaker : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Random? _random;
    private ImmutableArray<PeerSession> _peers = [];
    private BgpListener? _listener;
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
    /// <summary>Incoming connections closed because no peer is configured for their address.</summary>
    public long RejectedConnections => _listener?.RejectedConnections ?? 0;
    /// <summary>Raised after an unconfigured peer's connection was closed.</summary>
    public event EventHandler<IPEndPoint>? ConnectionRejected;

    /// <summary>The peer configured for <paramref name="address"/>, or null.</summary>
    public PeerSession? FindPeer(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        foreach (var p in _peers)
            if (p.Settings.Matches(address)) return p;
        return null;
    }

    /// <summary>Adds a peer; it starts at once when the speaker is running.</summary>
    public PeerSession AddPeer(PeerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        lock (_gate)
        {
            var random = _random is null ? new Random() : new Random(_random.Next());
            var session = new PeerSession(settings, Settings, _time, random);
            _peers = _peers.Add(session);
            if (_listener is not null) ConfigureListener(_listener, settings);
            if (_running) session.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
            return session;
        }
    }

    /// <summary>
    /// Removes <paramref name="session"/>: it leaves the table first (so its address no longer finds it), then
    /// stops with Cease / <paramref name="subcode"/> (RFC 4486: 3 Peer De-configured, 6 Other Configuration
    /// Change) and is disposed. False when it was not one of ours. The same address can be added again after.
    /// </summary>
    public async Task<bool> RemovePeerAsync(PeerSession session, Bgp.Protocol.CeaseSubcode subcode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate)
        {
            if (!_peers.Contains(session)) return false;
            _peers = _peers.Remove(session);
        }
        await session.StopWithCeaseAsync(subcode, null, cancellationToken).ConfigureAwait(false);
        await session.DisposeAsync().ConfigureAwait(false);
        return true;
    }

    /// <summary>Binds the listener (when configured) and starts every peer.</summary>
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
                foreach (var p in _peers) ConfigureListener(listener, p.Settings);
                listener.Start();
                _listener = listener;
            }
            _running = true;
            peers = _peers;
        }
        foreach (var p in peers) await p.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops every peer with a plain Cease / Administrative Shutdown and closes the listener.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => StopAsync(null, cancellationToken);

    /// <summary>Stops every peer with Cease / Administrative Shutdown carrying <paramref name="shutdownCommunication"/>, then closes the listener.</summary>
    public async Task StopAsync(string? shutdownCommunication, CancellationToken cancellationToken)
    {
        BgpListener? listener;
        ImmutableArray<PeerSession> peers;
        lock (_gate)
        {
            _running = false;
            listener = _listener;
            _listener = null;
            peers = _peers;
        }
        if (listener is not null) await listener.DisposeAsync().ConfigureAwait(false);
        var stops = new Task[peers.Length];
        for (int i = 0; i < peers.Length; i++) stops[i] = peers[i].StopAsync(shutdownCommunication, cancellationToken);
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
        }
        if (listener is not null) await listener.DisposeAsync().ConfigureAwait(false);
        foreach (var p in _peers) await p.DisposeAsync().ConfigureAwait(false);
    }

    private static void ConfigureListener(BgpListener listener, PeerSettings peer)
    {
        var family = listener.Socket.AddressFamily;
        bool reachable = family == AddressFamily.InterNetworkV6 || peer.Address.AddressFamily == AddressFamily.InterNetwork;
        if (!reachable) return;
        // RFC 2385: the key must be in place before the peer's SYN arrives.
        if (!string.IsNullOrEmpty(peer.Password)) listener.SetMd5Signature(peer.Address, peer.Password);
        // RFC 5082: our SYN-ACK must already leave with TTL 255, or a GTSM peer drops it.
        if (peer.TtlSecurity) LinuxSocketOptions.SetOutgoingTtl(listener.Socket, peer.Address.AddressFamily);
    }

    private bool OnAccept(Socket socket, IPAddress remote) => FindPeer(remote) is { } peer && peer.Accept(socket);

    private void OnRejected(object? sender, IPEndPoint remote) => ConnectionRejected?.Invoke(this, remote);
}

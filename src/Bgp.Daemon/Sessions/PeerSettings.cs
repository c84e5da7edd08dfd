using System.Collections.Immutable;
using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Session;

namespace Bgp.Daemon.Sessions;

/// <summary>One configured neighbor: where it is, how to reach it, and what to offer it.</summary>
public sealed record PeerSettings
{
    /// <summary>The peer's address: we connect to it and accept connections from it.</summary>
    public required IPAddress Address { get; init; }
    /// <summary>The peer's TCP port (179; tests override it).</summary>
    public int Port { get; init; } = BgpConstants.BgpPort;
    public required uint PeerAs { get; init; }
    /// <summary>Only wait for the peer to connect (PassiveTcpEstablishment).</summary>
    public bool Passive { get; init; }
    /// <summary>RFC 2385 TCP MD5 key (at most 80 octets), or null.</summary>
    public string? Password { get; init; }
    /// <summary>RFC 5082 GTSM: send with TTL 255, accept only TTL at least 256 - <see cref="TtlSecurityHops"/>.</summary>
    public bool TtlSecurity { get; init; }
    public int TtlSecurityHops { get; init; } = 1;
    /// <summary>Local address outgoing connections are bound to, or null.</summary>
    public IPAddress? SourceAddress { get; init; }
    /// <summary>Our Hold Time in seconds (0 or at least 3).</summary>
    public ushort HoldTime { get; init; } = 90;
    /// <summary>Keepalive interval in seconds; null means a third of the negotiated hold time.</summary>
    public ushort? KeepaliveTime { get; init; }
    /// <summary>ConnectRetryTime (RFC 4271 10 suggests 120 s; shorter makes a restarted peer come back sooner).</summary>
    public TimeSpan ConnectRetryTime { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>How long the session waits in Idle after a fall before it restarts itself.</summary>
    public TimeSpan IdleHoldTime { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Families offered with the Multiprotocol capability (RFC 4760).</summary>
    public ImmutableArray<AfiSafi> Families { get; init; } = [AfiSafi.Ipv4Unicast];
    /// <summary>ADD-PATH (RFC 7911) directions offered for every family in <see cref="Families"/>; None sends no capability.</summary>
    public AddPathDirection AddPath { get; init; }
    /// <summary>Advertise the RFC 6793 4-octet AS capability.</summary>
    public bool FourOctetAs { get; init; } = true;
    /// <summary>More prefixes an incoming connection of this peer may come from (besides <see cref="Address"/>).</summary>
    public ImmutableArray<Prefix> AcceptFrom { get; init; } = [];
    /// <summary>Encoded UPDATEs that may wait per connection before senders are held back.</summary>
    public int UpdateQueueCapacity { get; init; } = 1024;
    /// <summary>Graceful restart (RFC 4724): null sends no Graceful Restart capability.</summary>
    public GracefulRestartSettings? GracefulRestart { get; init; }
    /// <summary>Any further change to the FSM's attributes (applied last), e.g. DelayOpen or a send hold time.</summary>
    public Func<PeerConfig, PeerConfig>? ConfigureFsm { get; init; }

    /// <summary>The peer's endpoint for outgoing connections.</summary>
    public IPEndPoint EndPoint => new(Address, Port);

    /// <summary>Settings for "addr", "addr:port", "v6addr" or "[v6addr]:port".</summary>
    public static PeerSettings For(string addressAndPort, uint peerAs)
    {
        ArgumentNullException.ThrowIfNull(addressAndPort);
        if (IPAddress.TryParse(addressAndPort, out var bare))
            return new PeerSettings { Address = bare, PeerAs = peerAs };
        if (IPEndPoint.TryParse(addressAndPort, out var ep))
            return new PeerSettings { Address = ep.Address, Port = ep.Port, PeerAs = peerAs };
        throw new FormatException($"'{addressAndPort}' is not an address or address:port");
    }

    /// <summary>Whether an incoming connection from <paramref name="remote"/> belongs to this peer.</summary>
    public bool Matches(IPAddress remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (remote.Equals(Address)) return true;
        if (AcceptFrom.IsDefaultOrEmpty) return false;
        var host = Prefix.FromAddress(remote, remote.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        foreach (var p in AcceptFrom)
            if (p.Contains(host)) return true;
        return false;
    }

    /// <summary>The FSM's session attributes for this peer of <paramref name="speaker"/>.</summary>
    public PeerConfig ToPeerConfig(SpeakerSettings speaker)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        var caps = ImmutableArray.CreateBuilder<Capability>(Families.Length + 2);
        foreach (var f in Families) caps.Add(new MultiprotocolCapability(f));
        caps.Add(new RouteRefreshCapability());
        if (AddPath != AddPathDirection.None) caps.Add(new AddPathCapability([.. Families.Select(f => new AddPathFamily(f, AddPath))]));
        if (GracefulRestart is { } gr)
        {
            // RFC 4724 3: one entry per family we offer, its F bit set when the restart kept its forwarding state;
            // RFC 8538 2: the N bit as configured.
            var families = new GracefulRestartFamily[Families.Length];
            for (int i = 0; i < families.Length; i++)
                families[i] = new GracefulRestartFamily(Families[i], gr.RestartState && gr.ForwardingPreserved.Contains(Families[i]));
            caps.Add(new GracefulRestartCapability(gr.RestartState, gr.NotificationSupport, gr.RestartTime, families));
        }
        var config = new PeerConfig
        {
            LocalAs = speaker.LocalAs,
            LocalBgpId = speaker.RouterId,
            PeerAs = PeerAs,
            HoldTime = HoldTime,
            KeepaliveTime = KeepaliveTime,
            ConnectRetryTime = ConnectRetryTime,
            IdleHoldTime = IdleHoldTime,
            PassiveTcpEstablishment = Passive,
            Capabilities = caps.ToImmutable(),
            AdvertiseFourOctetAs = FourOctetAs,
            // CollisionDetectEstablishedState stays off (RFC 4271 6.8's default, and what BIRD, FRR and GoBGP do): an
            // Established connection beats a new one. The race where one end is Established on the connection the
            // identifiers dump is handled by waiting for the peer's choice (CollisionDetection.AwaitsPeerChoice).
        };
        return ConfigureFsm is null ? config : ConfigureFsm(config);
    }

    public override string ToString() =>
        Port == BgpConstants.BgpPort ? $"{Address} AS{PeerAs}" : $"{EndPoint} AS{PeerAs}";
}

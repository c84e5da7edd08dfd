using System.Collections.Immutable;
using Bgp.Daemon.Sessions;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Rib;

namespace Bgp.Daemon.Config;

/// <summary>
/// The whole bgpd configuration file, validated and with defaults applied. Immutable: a reload builds
/// a new one and the config store swaps the reference (<see cref="ConfigDiff"/> says what changed).
/// Build one with <see cref="ConfigLoader"/>; the key names are in Config/README.md.
/// </summary>
public sealed record BgpdConfig
{
    public required uint AsNumber { get; init; }
    /// <summary>BGP Identifier (RFC 6286) as a host-order number; <see cref="Protocol.RouterId.Format"/> prints it.</summary>
    public required uint RouterId { get; init; }
    public ListenConfig Listen { get; init; } = new();
    public ApiConfig Api { get; init; } = new();
    /// <summary>The HTTP health and metrics endpoint.</summary>
    public HealthConfig Health { get; init; } = new();
    /// <summary>Set: this node reflects routes for its route-reflector clients with this CLUSTER_ID (RFC 4456).</summary>
    public uint? RouteReflectorClusterId { get; init; }
    public ImmutableArray<NeighborConfig> Peers { get; init; } = [];
    /// <summary>Prefixes this node originates.</summary>
    public ImmutableArray<Prefix> Prefixes { get; init; } = [];
    public KernelConfig Kernel { get; init; } = new();
    public GracefulRestartConfig GracefulRestart { get; init; } = new();
    /// <summary>ECMP: how many equal best paths are installed; 1 is no multipath.</summary>
    public int MaxPaths { get; init; } = 1;
    public BestPathConfig BestPath { get; init; } = new();
    /// <summary>User-defined filters by name (the built-ins are in <see cref="FilterNames"/>).</summary>
    public ImmutableDictionary<string, ImmutableArray<FilterTermConfig>> Filters { get; init; } =
        ImmutableDictionary<string, ImmutableArray<FilterTermConfig>>.Empty.WithComparers(StringComparer.Ordinal);
    public LoggingConfig Logging { get; init; } = new();
    /// <summary>
    /// Run a private UPDATE exchange at startup, before any session starts, so that the JIT compiles the
    /// UPDATE path then rather than while the first table streams in (Routing/UpdatePathWarmup).
    /// </summary>
    public bool Warmup { get; init; } = true;

    /// <summary>
    /// Export once per update group (peers whose export and encoding are equal share one Adj-RIB-Out and one
    /// encoding, as FRR's update groups; RibEngineSettings.UpdateGroups). Off by default; engine setting, so a
    /// change needs a restart.
    /// </summary>
    public bool UpdateGroups { get; init; }

    /// <summary>
    /// Whether the Loc-RIB's native stores are advised as transparent huge pages (HugePageArena.Mode): <c>auto</c> (the
    /// default) uses, mapping by mapping, the page size whose first touches have cost less in this process; <c>true</c>
    /// and <c>false</c> fix it. Applies to mappings made from then on, so a change needs a restart.
    /// </summary>
    public HugePageMode HugePages { get; init; } = HugePageMode.Auto;

    /// <summary>
    /// The CLUSTER_ID used when reflecting: the configured one, else the router id, which is what
    /// RFC 4456 section 7 suggests for a single reflector per cluster.
    /// </summary>
    public uint EffectiveClusterId => RouteReflectorClusterId ?? RouterId;

    /// <summary>The transport's view: who we are, where we listen, and one <see cref="PeerSettings"/> per peer.</summary>
    /// <param name="restart">What bgpd found about its own restart (the R and F bits); null: a fresh start.</param>
    public SpeakerSettings ToSpeakerSettings(LocalRestart? restart = null)
    {
        var peers = ImmutableArray.CreateBuilder<PeerSettings>(Peers.Length);
        foreach (var p in Peers) peers.Add(ToPeerSettings(p, GracefulRestart, restart));
        return new SpeakerSettings
        {
            LocalAs = AsNumber,
            RouterId = RouterId,
            ListenAddress = Listen.Address,
            ListenPort = Listen.Port,
            Peers = peers.MoveToImmutable(),
        };
    }

    /// <summary>
    /// One peer's transport settings (address, AS, TCP options, timers, families) and, when graceful restart
    /// is on for it (its own <c>gracefulRestart.enabled</c>, else the global one), the Graceful Restart
    /// capability: the global restart time and N bit (RFC 8538), and the R and F bits of <paramref name="restart"/>.
    /// </summary>
    public static PeerSettings ToPeerSettings(NeighborConfig peer, GracefulRestartConfig? gracefulRestart = null, LocalRestart? restart = null)
    {
        ArgumentNullException.ThrowIfNull(peer);
        gracefulRestart ??= new GracefulRestartConfig();
        restart ??= LocalRestart.None;
        bool gr = peer.GracefulRestart.Enabled ?? gracefulRestart.Enabled;
        return new PeerSettings
        {
            Address = peer.Address,
            Port = peer.Port,
            PeerAs = peer.AsNumber,
            Passive = peer.Passive,
            Password = peer.Password,
            TtlSecurity = peer.TtlSecurityHops > 0,
            TtlSecurityHops = peer.TtlSecurityHops > 0 ? peer.TtlSecurityHops : 1,
            SourceAddress = peer.SourceAddress,
            HoldTime = peer.HoldTime,
            KeepaliveTime = peer.KeepaliveTime,
            Families = peer.Families,
            AddPath = (peer.AddPaths.Receive ? AddPathDirection.Receive : AddPathDirection.None)
                | (peer.AddPaths.Send ? AddPathDirection.Send : AddPathDirection.None),
            GracefulRestart = gr
                ? new GracefulRestartSettings
                {
                    RestartTime = gracefulRestart.RestartTime,
                    RestartState = restart.Restarting,
                    ForwardingPreserved = restart.ForwardingPreserved,
                    NotificationSupport = gracefulRestart.NotificationSupport,
                }
                : null,
        };
    }
}

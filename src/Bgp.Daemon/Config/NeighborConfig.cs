using System.Collections.Immutable;
using System.Net;
using Bgp.Protocol;

namespace Bgp.Daemon.Config;

/// <summary>
/// One entry of <c>peers:</c>. Defaults are resolved at load time, so every property holds the value
/// in force (e.g. <see cref="ImportFilter"/> is never null). A peer is identified by
/// <see cref="Address"/>: two entries may not share it, and a reload matches peers by it.
/// </summary>
public sealed record NeighborConfig
{
    public required IPAddress Address { get; init; }
    public int Port { get; init; } = BgpConstants.BgpPort;
    public required uint AsNumber { get; init; }
    public bool Passive { get; init; }
    /// <summary>RFC 2385 TCP MD5 key, at most 80 octets.</summary>
    public string? Password { get; init; }
    public bool RouteReflectorClient { get; init; }
    public ushort HoldTime { get; init; } = 90;
    /// <summary>Null: a third of the negotiated hold time (RFC 4271 10).</summary>
    public ushort? KeepaliveTime { get; init; }
    public ImmutableArray<AfiSafi> Families { get; init; } = [AfiSafi.Ipv4Unicast];
    public string ImportFilter { get; init; } = FilterNames.AcceptAll;
    public string ExportFilter { get; init; } = FilterNames.AcceptAll;
    public IPAddress? SourceAddress { get; init; }
    /// <summary>RFC 5082 GTSM hop count; 0 is off, <c>ttlSecurity: true</c> is 1 (directly connected).</summary>
    public int TtlSecurityHops { get; init; }
    public bool NextHopSelf { get; init; }
    public bool KeepOriginalNextHop { get; init; }
    /// <summary>How often our own AS may appear in a received AS_PATH (BIRD "allow local as").</summary>
    public int NumAllowedLocalASNumbers { get; init; }
    public PeerGracefulRestartConfig GracefulRestart { get; init; } = new();
    public AddPathConfig AddPaths { get; init; } = AddPathConfig.None;
    public MaxPrefixesConfig? MaxPrefixes { get; init; }
    /// <summary>Keep the routes as received so a new import filter applies without a ROUTE-REFRESH (costs memory).</summary>
    public bool SoftReconfigurationInbound { get; init; }
    public string? Description { get; init; }

    /// <summary>Same AS as ours: an iBGP session.</summary>
    public bool IsInternal(uint localAs) => AsNumber == localAs;

    public override string ToString() =>
        Port == BgpConstants.BgpPort ? $"{Address} AS{AsNumber}" : $"{new IPEndPoint(Address, Port)} AS{AsNumber}";
}

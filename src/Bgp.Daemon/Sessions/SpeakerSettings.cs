using System.Collections.Immutable;
using System.Net;
using Bgp.Protocol;

namespace Bgp.Daemon.Sessions;

/// <summary>What a <see cref="BgpSpeaker"/> is: its AS, router id, where it listens, and its peers.</summary>
public sealed record SpeakerSettings
{
    public required uint LocalAs { get; init; }
    /// <summary>BGP Identifier (RFC 6286), as a host-order number; see <see cref="RouterId"/>.</summary>
    public required uint RouterId { get; init; }
    /// <summary>Listen address; "::" listens on IPv4 and IPv6. Null: no listener (active peers only).</summary>
    public IPAddress? ListenAddress { get; init; } = IPAddress.IPv6Any;
    /// <summary>Listen port; 0 lets the OS pick one (tests), see <see cref="BgpSpeaker.ListenEndPoint"/>.</summary>
    public int ListenPort { get; init; } = BgpConstants.BgpPort;
    public ImmutableArray<PeerSettings> Peers { get; init; } = [];
    /// <summary>How long a closing connection waits for the peer to read our NOTIFICATION and close.</summary>
    public TimeSpan CloseLinger { get; init; } = TimeSpan.FromSeconds(3);
}

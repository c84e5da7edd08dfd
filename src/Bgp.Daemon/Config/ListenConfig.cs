using System.Net;
using Bgp.Protocol;

namespace Bgp.Daemon.Config;

/// <summary><c>listen:</c> where the speaker accepts BGP connections ("::" takes IPv4 and IPv6).</summary>
public sealed record ListenConfig
{
    public IPAddress Address { get; init; } = IPAddress.IPv6Any;
    public int Port { get; init; } = BgpConstants.BgpPort;
}

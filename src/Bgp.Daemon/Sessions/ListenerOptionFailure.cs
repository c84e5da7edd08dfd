using System.Net;
using Bgp.Daemon.Transport;

namespace Bgp.Daemon.Sessions;

/// <summary>
/// A per-peer option (an RFC 2385 key, RFC 5082 TTL) the kernel refused on the listening socket while peers were
/// added or removed at run time. The peer change itself went ahead: the speaker reports this instead of throwing.
/// </summary>
/// <param name="PeerAddress">The address whose key or option could not be set or removed.</param>
/// <param name="Error">The setsockopt failure, naming the option and the errno.</param>
public sealed record ListenerOptionFailure(IPAddress PeerAddress, SocketOptionException Error);

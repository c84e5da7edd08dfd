using Bgp.Protocol.Session;

namespace Bgp.Daemon.Sessions;

/// <summary>A change of a peer's session state; <see cref="Reason"/> is set when it went to Idle.</summary>
public sealed record PeerStateChange(SessionState From, SessionState To, DownReason? Reason);

namespace Bgp.Interop.Tests.Harness;

/// <summary>
/// A peer daemon stopped on its own (bad config, crash). Not retried by <see cref="Eventually"/>: waiting
/// out the timeout would only hide the cause, which is in the message (the daemon's log tail).
/// </summary>
public sealed class DaemonExitedException(string message) : Exception(message);

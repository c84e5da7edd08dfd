using Bgp.Daemon.Sessions;

namespace Bgp.Daemon.Hosting;

/// <summary>The outcome of a run-time peer operation, with a message naming the field or the state at fault.</summary>
public sealed record PeerOperationResult(PeerOperationStatus Status, string Message, PeerSession? Session = null)
{
    public bool SessionReset { get; init; }
    /// <summary>The change was applied by re-running policy (no session reset).</summary>
    public bool SoftReset { get; init; }

    public static PeerOperationResult Ok(PeerSession? session = null) => new(PeerOperationStatus.Done, "", session);
}

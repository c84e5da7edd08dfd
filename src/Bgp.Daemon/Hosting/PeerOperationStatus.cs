namespace Bgp.Daemon.Hosting;

/// <summary>How a run-time peer operation (API) ended; the API maps each to a gRPC status.</summary>
public enum PeerOperationStatus
{
    Done,
    NotFound,
    AlreadyExists,
    InvalidArgument,
    FailedPrecondition,
}

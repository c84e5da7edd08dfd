using System.Net.Sockets;
using System.Security.Authentication;
using Grpc.Core;

namespace Bgp.Cli.Api;

/// <summary>
/// Turns a failed call into one line on stderr and an exit code. A transport failure names the address
/// and the socket's reason ("cannot reach bgpd at 127.0.0.1:50051: connection refused", exit 69); a status
/// bgpd chose is printed with its message, which the proto promises names the field or peer at fault.
/// </summary>
internal static class RpcErrorReporter
{
    public static int Report(RpcException e, ApiInvocation call)
    {
        var stderr = call.Context.Stderr;
        string where = call.Target.Display;
        // The client reports some transport failures (a refused TLS certificate) as INTERNAL, so the
        // exception chain decides, not the code; a status bgpd sent has no DebugException.
        if (e.StatusCode == StatusCode.Unavailable || IsTransportFailure(e))
        {
            stderr.WriteLine($"bgpctl: cannot reach bgpd at {where}: {TransportReason(e, call.Target)}");
            return ExitCodes.Unavailable;
        }
        switch (e.StatusCode)
        {
            case StatusCode.DeadlineExceeded:
                stderr.WriteLine($"bgpctl: bgpd at {where} did not answer within {call.Timeout.TotalSeconds:0.#} s");
                return ExitCodes.Timeout;
            case StatusCode.Cancelled when call.Context.Cancellation.IsCancellationRequested:
                stderr.WriteLine("bgpctl: interrupted");
                return ExitCodes.Interrupted;
            case StatusCode.Unimplemented:
                stderr.WriteLine($"bgpctl {call.Command}: bgpd at {where} does not implement this call ({e.Status.Detail})");
                return ExitCodes.Failed;
            default:
                stderr.WriteLine($"bgpctl {call.Command}: {Detail(e)} ({StatusName(e.StatusCode)})");
                return ExitCodes.Failed;
        }
    }

    private static string Detail(RpcException e) => string.IsNullOrEmpty(e.Status.Detail) ? "bgpd gave no message" : e.Status.Detail;

    /// <summary>The socket error in words when there is one (refused, timed out, unknown host), else the TLS or HTTP reason.</summary>
    private static bool IsTransportFailure(RpcException e)
    {
        for (Exception? x = e.Status.DebugException; x is not null; x = x.InnerException)
            if (x is HttpRequestException or SocketException or AuthenticationException) return true;
        return false;
    }

    private static string TransportReason(RpcException e, ApiTarget target)
    {
        for (Exception? x = e.Status.DebugException; x is not null; x = x.InnerException)
        {
            if (x is SocketException s) return SocketReason(s);
            if (x is AuthenticationException a)
            {
                // Our --ca check refused the certificate; the runtime's text only says a callback did.
                return target.CaFile is { } ca && a.Message.Contains("RemoteCertificateValidationCallback", StringComparison.Ordinal)
                    ? $"TLS handshake failed: bgpd's certificate is not signed by {ca} or does not name {target.Address.Host}"
                    : $"TLS handshake failed: {a.Message}";
            }
            if (x is TimeoutException or TaskCanceledException) return "connect timed out";
        }
        if (e.Status.DebugException is { } debug) return debug.Message;
        return Detail(e);
    }

    private static string SocketReason(SocketException s) => s.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.TimedOut => "connect timed out",
        SocketError.HostNotFound or SocketError.NoData => "host not found",
        SocketError.HostUnreachable => "host unreachable",
        SocketError.NetworkUnreachable => "network unreachable",
        SocketError.ConnectionReset => "connection reset",
        SocketError.AddressNotAvailable => "address not available",
        _ => s.Message,
    };

    /// <summary>The status as the gRPC spec spells it (NOT_FOUND), which is what bgpd's documentation uses.</summary>
    internal static string StatusName(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument => "INVALID_ARGUMENT",
        StatusCode.NotFound => "NOT_FOUND",
        StatusCode.AlreadyExists => "ALREADY_EXISTS",
        StatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        StatusCode.PermissionDenied => "PERMISSION_DENIED",
        StatusCode.Unauthenticated => "UNAUTHENTICATED",
        StatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        StatusCode.Aborted => "ABORTED",
        StatusCode.OutOfRange => "OUT_OF_RANGE",
        StatusCode.Internal => "INTERNAL",
        StatusCode.DataLoss => "DATA_LOSS",
        StatusCode.Cancelled => "CANCELLED",
        _ => code.ToString().ToUpperInvariant(),
    };
}

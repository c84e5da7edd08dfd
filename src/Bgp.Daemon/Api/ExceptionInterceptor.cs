using Grpc.Core;
using Grpc.Core.Interceptors;
using Serilog;

namespace Bgp.Daemon.Api;

/// <summary>
/// The last line: requests are validated before anything runs (INVALID_ARGUMENT and friends are thrown as
/// RpcException on purpose), so whatever else escapes a handler is a bug. It is logged with the method and
/// answered as INTERNAL without the exception's text.
/// </summary>
internal sealed class ExceptionInterceptor(ILogger log) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not RpcException && !(e is OperationCanceledException && context.CancellationToken.IsCancellationRequested))
        {
            throw Internal(context, e);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not RpcException && !(e is OperationCanceledException && context.CancellationToken.IsCancellationRequested))
        {
            throw Internal(context, e);
        }
    }

    private RpcException Internal(ServerCallContext context, Exception e)
    {
        log.Error(e, "API call {GrpcMethod} failed", context.Method);
        return new RpcException(new Status(StatusCode.Internal, $"bgpd failed to answer {context.Method}; see its log"));
    }
}

using Bgp.Api.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Bgp.Cli.Tests.Api;

/// <summary>
/// A BgpService that answers from canned data, standing in for bgpd while the real server is written:
/// tests set the fields, run bgpctl against it over HTTP/2 and read back the requests it received.
/// </summary>
public sealed class FakeBgpService : BgpService.BgpServiceBase
{
    public List<Peer> Peers { get; } = [];
    public Global Global { get; set; } = new();
    public Func<ListRoutesRequest, IEnumerable<Route>> Routes { get; set; } = _ => [];
    /// <summary>Called after each route is written, with its index: a test can hold the stream there.</summary>
    public Func<int, Task> AfterRoute { get; set; } = _ => Task.CompletedTask;
    public ExplainPrefixResponse Explanation { get; set; } = new();
    public ReloadConfigResponse Reload { get; set; } = new() { Applied = true };
    /// <summary>The GracefulRestart answer; null: FAILED_PRECONDITION as bgpd with graceful restart disabled.</summary>
    public GracefulRestartResponse? GracefulRestartAnswer { get; set; }
    public List<WatchEventsResponse> Events { get; } = [];
    public TimeSpan GlobalDelay { get; set; } = TimeSpan.Zero;
    /// <summary>Keep the watch stream open after the events, as bgpd does, until the client cancels.</summary>
    public bool HoldWatchOpen { get; set; }
    public HashSet<string> Originated { get; } = [];

    public List<object> Requests { get; } = [];

    private void Record(object request)
    {
        lock (Requests) Requests.Add(request);
    }

    public T Last<T>()
    {
        lock (Requests)
            for (int i = Requests.Count - 1; i >= 0; i--)
                if (Requests[i] is T t) return t;
        throw new InvalidOperationException($"no {typeof(T).Name} received");
    }

    public override async Task<GetGlobalResponse> GetGlobal(GetGlobalRequest request, ServerCallContext context)
    {
        Record(request);
        if (GlobalDelay > TimeSpan.Zero) await Task.Delay(GlobalDelay, context.CancellationToken);
        return new GetGlobalResponse { Global = Global };
    }

    public override Task<ListPeersResponse> ListPeers(ListPeersRequest request, ServerCallContext context)
    {
        Record(request);
        var response = new ListPeersResponse();
        response.Peers.AddRange(Peers);
        return Task.FromResult(response);
    }

    public override Task<GetPeerResponse> GetPeer(GetPeerRequest request, ServerCallContext context)
    {
        Record(request);
        return Task.FromResult(new GetPeerResponse { Peer = Find(request.PeerAddress) });
    }

    public override Task<EnablePeerResponse> EnablePeer(EnablePeerRequest request, ServerCallContext context)
    {
        Record(request);
        Find(request.PeerAddress).Enabled = true;
        return Task.FromResult(new EnablePeerResponse());
    }

    public override Task<DisablePeerResponse> DisablePeer(DisablePeerRequest request, ServerCallContext context)
    {
        Record(request);
        Find(request.PeerAddress).Enabled = false;
        return Task.FromResult(new DisablePeerResponse());
    }

    public override Task<ResetPeerResponse> ResetPeer(ResetPeerRequest request, ServerCallContext context)
    {
        Record(request);
        var peer = Find(request.PeerAddress);
        if (!peer.Enabled) throw new RpcException(new Status(StatusCode.FailedPrecondition, $"peer {request.PeerAddress} is disabled"));
        return Task.FromResult(new ResetPeerResponse());
    }

    public override async Task ListRoutes(ListRoutesRequest request, IServerStreamWriter<Route> responseStream, ServerCallContext context)
    {
        Record(request);
        int i = 0;
        foreach (var route in Routes(request))
        {
            await responseStream.WriteAsync(route, context.CancellationToken);
            await AfterRoute(i++);
        }
    }

    public override Task<ExplainPrefixResponse> ExplainPrefix(ExplainPrefixRequest request, ServerCallContext context)
    {
        Record(request);
        if (request.Prefix != Explanation.Prefix) throw new RpcException(new Status(StatusCode.NotFound, $"no route for {request.Prefix}"));
        return Task.FromResult(Explanation);
    }

    public override Task<AddOriginatedResponse> AddOriginated(AddOriginatedRequest request, ServerCallContext context)
    {
        Record(request);
        if (!Originated.Add(request.Prefix)) throw new RpcException(new Status(StatusCode.AlreadyExists, $"{request.Prefix} is already originated"));
        return Task.FromResult(new AddOriginatedResponse());
    }

    public override Task<DeleteOriginatedResponse> DeleteOriginated(DeleteOriginatedRequest request, ServerCallContext context)
    {
        Record(request);
        if (!Originated.Remove(request.Prefix)) throw new RpcException(new Status(StatusCode.NotFound, $"{request.Prefix} is not originated"));
        return Task.FromResult(new DeleteOriginatedResponse());
    }

    public override async Task WatchEvents(WatchEventsRequest request, IServerStreamWriter<WatchEventsResponse> responseStream, ServerCallContext context)
    {
        Record(request);
        foreach (var e in Events) await responseStream.WriteAsync(e, context.CancellationToken);
        if (HoldWatchOpen) await Task.Delay(Timeout.Infinite, context.CancellationToken);
    }

    public override Task<ReloadConfigResponse> ReloadConfig(ReloadConfigRequest request, ServerCallContext context)
    {
        Record(request);
        return Task.FromResult(Reload);
    }

    public override Task<GracefulRestartResponse> GracefulRestart(GracefulRestartRequest request, ServerCallContext context)
    {
        Record(request);
        return GracefulRestartAnswer is { } r
            ? Task.FromResult(r)
            : throw new RpcException(new Status(StatusCode.FailedPrecondition, "graceful restart is disabled in the configuration (gracefulRestart.enabled: false)"));
    }

    private Peer Find(string address) =>
        Peers.Find(p => p.Address == address) ?? throw new RpcException(new Status(StatusCode.NotFound, $"no peer has address {address}"));

    public static Timestamp At(int hour, int minute, int second) =>
        Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 28, hour, minute, second, TimeSpan.Zero));
}

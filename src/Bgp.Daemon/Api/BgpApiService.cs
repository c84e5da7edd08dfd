using System.Net;
using System.Reflection;
using Bgp.Daemon.Hosting;
using Bgp.Protocol;
using Grpc.Core;
using V1 = Bgp.Api.V1;

namespace Bgp.Daemon.Api;

/// <summary>
/// bgp.v1.BgpService: a thin adapter over the running <see cref="BgpDaemon"/>. Each handler validates its
/// request first (INVALID_ARGUMENT naming the field, NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION), then
/// reads through RIB loop queries or changes through the daemon's one-at-a-time operations.
/// </summary>
internal sealed partial class BgpApiService(BgpDaemon daemon) : V1.BgpService.BgpServiceBase
{
    private static readonly string Version =
        typeof(BgpApiService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public override async Task<V1.GetGlobalResponse> GetGlobal(V1.GetGlobalRequest request, ServerCallContext context)
    {
        var config = daemon.Config;
        var now = TimeProvider.System.GetUtcNow();
        var sizes = await daemon.Rib.ReadAsync(e => (e.Rib.Ipv4.PrefixCount, e.Rib.Ipv4.PathCount, e.Rib.Ipv6.PrefixCount, e.Rib.Ipv6.PathCount, e.Originated.Count),
            context.CancellationToken).ConfigureAwait(false);
        uint established = 0;
        foreach (var s in daemon.Speaker.Peers)
            if (s.State == Protocol.Session.SessionState.Established) established++;
        var listen = daemon.Speaker.ListenEndPoint;
        var global = new V1.Global
        {
            AsNumber = config.AsNumber,
            RouterId = RouterId.Format(config.RouterId),
            ListenAddress = listen?.Address.ToString() ?? "",
            ListenPort = (uint)(listen?.Port ?? 0),
            RouteReflectorClusterId = config.RouteReflectorClusterId is { } cluster ? RouterId.Format(cluster) : "",
            MaxPaths = (uint)config.MaxPaths,
            Version = Version,
            ConfigPath = daemon.ConfigPath,
            StartedAt = ApiConvert.Time(daemon.StartedAt),
            UptimeSeconds = (ulong)Math.Max(0, (now - daemon.StartedAt).TotalSeconds),
            PeersConfigured = (uint)config.Peers.Length,
            PeersEstablished = established,
            OriginatedPrefixes = (uint)sizes.Item5,
            KernelEnabled = config.Kernel.Enabled,
            KernelTable = config.Kernel.Table,
            KernelProtocol = config.Kernel.Protocol,
            KernelRoutesInstalled = (ulong)Math.Max(0, daemon.Kernel?.InstalledRoutes ?? 0),
        };
        global.RibSizes.Add(new V1.RibSize { Family = V1.Family.Ipv4, Prefixes = (ulong)sizes.Item1, Paths = (ulong)sizes.Item2 });
        global.RibSizes.Add(new V1.RibSize { Family = V1.Family.Ipv6, Prefixes = (ulong)sizes.Item3, Paths = (ulong)sizes.Item4 });
        return new V1.GetGlobalResponse { Global = global };
    }

    public override async Task<V1.ListOriginatedResponse> ListOriginated(V1.ListOriginatedRequest request, ServerCallContext context)
    {
        var prefixes = await daemon.Rib.ReadAsync(e => e.Originated.Order().ToList(), context.CancellationToken).ConfigureAwait(false);
        var response = new V1.ListOriginatedResponse();
        foreach (var p in prefixes) response.Prefixes.Add(p.ToString());
        return response;
    }

    public override async Task<V1.AddOriginatedResponse> AddOriginated(V1.AddOriginatedRequest request, ServerCallContext context)
    {
        var prefix = ParsePrefix(request.Prefix, "prefix");
        bool known = await daemon.Rib.ReadAsync(e => e.Originated.Contains(prefix), context.CancellationToken).ConfigureAwait(false);
        if (known) throw new RpcException(new Status(StatusCode.AlreadyExists, $"prefix: {prefix} is already originated"));
        await daemon.Rib.OriginateAsync(prefix, context.CancellationToken).ConfigureAwait(false);
        return new V1.AddOriginatedResponse();
    }

    public override async Task<V1.DeleteOriginatedResponse> DeleteOriginated(V1.DeleteOriginatedRequest request, ServerCallContext context)
    {
        var prefix = ParsePrefix(request.Prefix, "prefix");
        bool known = await daemon.Rib.ReadAsync(e => e.Originated.Contains(prefix), context.CancellationToken).ConfigureAwait(false);
        if (!known) throw new RpcException(new Status(StatusCode.NotFound, $"prefix: {prefix} is not originated"));
        await daemon.Rib.StopOriginatingAsync(prefix, context.CancellationToken).ConfigureAwait(false);
        return new V1.DeleteOriginatedResponse();
    }

    public override async Task<V1.ReloadConfigResponse> ReloadConfig(V1.ReloadConfigRequest request, ServerCallContext context)
    {
        var result = await daemon.ReloadAsync(context.CancellationToken).ConfigureAwait(false);
        var response = new V1.ReloadConfigResponse { Applied = result.Applied };
        response.Errors.AddRange(result.Errors);
        response.Changes.AddRange(result.Changes);
        return response;
    }

    public override Task<V1.GracefulRestartResponse> GracefulRestart(V1.GracefulRestartRequest request, ServerCallContext context)
    {
        // The plan is read before the request: the stop that follows changes every session.
        var (graceful, ceased) = daemon.GracefulStopPlan();
        if (!daemon.RequestGracefulStop(out string? refusal))
            throw new RpcException(new Status(StatusCode.FailedPrecondition, refusal));
        var response = new V1.GracefulRestartResponse { RestartTime = daemon.Config.GracefulRestart.RestartTime };
        foreach (var s in graceful) response.GracefulPeers.Add(s.Settings.Address.ToString());
        foreach (var s in ceased) response.CeasedPeers.Add(s.Settings.Address.ToString());
        return Task.FromResult(response);
    }

    /// <summary>A prefix in text; host bits set are refused (a typo more often than not).</summary>
    private static Prefix ParsePrefix(string text, string field)
    {
        if (string.IsNullOrEmpty(text)) throw PeerConfigMapper.Invalid(field, "is required");
        if (!Prefix.TryParse(text, out var prefix)) throw PeerConfigMapper.Invalid(field, $"'{text}' is not a prefix (address/length)");
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && IPAddress.TryParse(text[..slash], out var given) && !given.Equals(prefix.Address))
            throw PeerConfigMapper.Invalid(field, $"'{text}' has host bits set; did you mean {prefix}?");
        return prefix;
    }

    private static IPAddress ParseAddress(string text, string field)
    {
        if (string.IsNullOrEmpty(text)) throw PeerConfigMapper.Invalid(field, "is required");
        if (!IPAddress.TryParse(text, out var address) || text.Contains('/', StringComparison.Ordinal))
            throw PeerConfigMapper.Invalid(field, $"'{text}' is not an address");
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }
}

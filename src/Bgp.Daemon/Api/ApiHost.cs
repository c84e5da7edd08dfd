using System.Net;
using System.Security.Cryptography.X509Certificates;
using Bgp.Daemon.Config;
using Bgp.Daemon.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using ILogger = Serilog.ILogger;

namespace Bgp.Daemon.Api;

/// <summary>
/// The two Kestrel servers inside bgpd: the gRPC API (HTTP/2; cleartext on loopback, TLS with a certificate
/// file, mutual TLS with a client CA) with server reflection and grpc.health.v1, and the plain HTTP
/// endpoint for probes and Prometheus (/readiness, /liveness, /metrics). Separate servers, because the
/// health port speaks HTTP/1.1 to kubelet and Prometheus and must never expose the API.
/// <para>
/// A port that cannot be bound is logged as an error and that endpoint stays off: routing goes on, since
/// losing the control plane's view is better than losing the routes.
/// </para>
/// </summary>
internal sealed class ApiHost
{
    private readonly ILogger _log;
    private WebApplication? _api;
    private WebApplication? _health;

    private ApiHost(ILogger log) => _log = log;

    public IPEndPoint? ApiEndPoint { get; private set; }

    public static async Task<ApiHost> StartAsync(BgpDaemon daemon, ILogger log, CancellationToken cancellationToken)
    {
        var host = new ApiHost(log);
        host._api = await host.TryStartAsync("gRPC API", BuildApi(daemon, log), cancellationToken).ConfigureAwait(false);
        if (host._api is not null)
        {
            host.ApiEndPoint = FirstEndPoint(host._api);
            log.Information("gRPC API listening on {ApiEndPoint} ({ApiTransport})", host.ApiEndPoint?.ToString(),
                daemon.Config.Api.Tls is null ? "h2c" : daemon.Config.Api.Tls.ClientCaFile is null ? "TLS" : "mutual TLS");
        }
        if (daemon.Config.Health.Enabled)
        {
            host._health = await host.TryStartAsync("health endpoint", BuildHealth(daemon), cancellationToken).ConfigureAwait(false);
            if (host._health is not null)
                log.Information("Health and metrics on http://{HealthEndPoint} (/readiness, /liveness, /metrics)", FirstEndPoint(host._health)?.ToString());
        }
        return host;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var app in new[] { _api, _health })
        {
            if (app is null) continue;
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
        _api = null;
        _health = null;
    }

    private async Task<WebApplication?> TryStartAsync(string what, WebApplication app, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            return app;
        }
        // Kestrel reports a port taken at bind as AddressInUseException (an IOException), but when two processes
        // bind the same port at once (SO_REUSEADDR) the loser fails in listen() with a bare SocketException:
        // seen with two bgpd started together in one namespace, where it ended the second bgpd.
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            _log.Error("The {Endpoint} could not start: {Reason}; bgpd runs without it", what, e.Message);
            await app.DisposeAsync().ConfigureAwait(false);
            return null;
        }
    }

    private static IPEndPoint? FirstEndPoint(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is null) return null;
        foreach (string a in addresses)
        {
            var uri = new Uri(a);
            if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip)) return new IPEndPoint(ip, uri.Port);
        }
        return null;
    }

    /// <summary>
    /// A host builder for bgpd's servers: no logging providers of ASP.NET Core's own (bgpd logs with Serilog),
    /// and signals left to bgpd's loop (<see cref="DaemonOwnedLifetime"/>).
    /// </summary>
    internal static WebApplicationBuilder NewBuilder()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSingleton<IHostLifetime, DaemonOwnedLifetime>();
        builder.Logging.ClearProviders();
        return builder;
    }

    private static WebApplication BuildApi(BgpDaemon daemon, ILogger log)
    {
        var api = daemon.Config.Api;
        var builder = NewBuilder();
        if (api.Tls is not null) builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(api.Address, api.Port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (api.Tls is { } tls) listen.UseHttps(Https(tls));
        }));
        builder.Services.AddSingleton(daemon);
        builder.Services.AddSingleton(log);
        builder.Services.AddGrpc(o => o.Interceptors.Add<ExceptionInterceptor>());
        builder.Services.AddGrpcReflection();
        AddHealthChecks(builder.Services, () => daemon.IsRibRunning);
        var app = builder.Build();
        app.MapGrpcService<BgpApiService>();
        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService();
        return app;
    }

    /// <summary>
    /// grpc.health.v1 with one check, the RIB loop. Its publisher (what Watch streams) first runs at startup, not
    /// after the default 5 s: a Watch sees SERVING as soon as the API listens, and the publisher's first run compiles
    /// some 80 methods (about 40 ms of JIT, tiered compilation is off) as the API starts, right after the speaker and
    /// mostly before peers' tables arrive, rather than 5 s in, in the middle of one (bench workload 2's table load is 2-3 s
    /// long and began about 3 s after start).
    /// </summary>
    internal static void AddHealthChecks(IServiceCollection services, Func<bool> ribRunning)
    {
        services.AddGrpcHealthChecks().AddCheck("bgpd", () =>
            ribRunning() ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("the RIB loop is not running"));
        services.Configure<HealthCheckPublisherOptions>(o => o.Delay = TimeSpan.Zero);
    }

    /// <summary>TLS from PEM files; with a client CA, clients must present a certificate that chains to it (mutual TLS).</summary>
    private static HttpsConnectionAdapterOptions Https(ApiTlsConfig tls)
    {
        var options = new HttpsConnectionAdapterOptions { ServerCertificate = X509Certificate2.CreateFromPemFile(tls.CertFile, tls.KeyFile) };
        if (tls.ClientCaFile is { } caFile)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(caFile);
            options.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            options.ClientCertificateValidation = (certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(roots);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            };
        }
        return options;
    }

    private static WebApplication BuildHealth(BgpDaemon daemon)
    {
        var health = daemon.Config.Health;
        var builder = NewBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(health.Address, health.Port, l => l.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        Metrics.DefaultRegistry.AddBeforeCollectCallback(ct => BgpMetrics.UpdateAsync(daemon, ct));
        app.MapGet("/liveness", () => daemon.IsRibRunning
            ? Results.Text("ok\n")
            : Results.Text("the RIB loop is not running\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/readiness", (CancellationToken ct) => ReadinessAsync(daemon, ct));
        app.MapMetrics("/metrics");
        return app;
    }

    /// <summary>
    /// Ready once every configured, enabled peer is Established, or once the grace period since start has
    /// passed (a peer that never comes up must not keep the node out for ever; its state is in /metrics).
    /// </summary>
    private static async Task<IResult> ReadinessAsync(BgpDaemon daemon, CancellationToken cancellationToken)
    {
        var waiting = new List<string>();
        foreach (var view in await daemon.SnapshotPeersAsync(cancellationToken).ConfigureAwait(false))
        {
            var s = view.Session;
            if (s.Enabled && s.State != Protocol.Session.SessionState.Established)
                waiting.Add($"{s.Settings.Address} AS {s.Settings.PeerAs} is {s.State}");
        }
        bool graceOver = TimeProvider.System.GetUtcNow() - daemon.StartedAt >= daemon.Config.Health.ReadinessGrace;
        if (waiting.Count == 0) return Results.Text("ready: every enabled peer is Established\n");
        if (graceOver) return Results.Text($"ready (grace period over); not up: {string.Join("; ", waiting)}\n");
        return Results.Text($"not ready; peers not up: {string.Join("; ", waiting)}\n", statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}

using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bgp.Cli.Tests.Api;

/// <summary>
/// Kestrel on 127.0.0.1, a port the OS picks, HTTP/2 without TLS (as bgpd serves its API), hosting one
/// <see cref="FakeBgpService"/>. One per test, so no test sees another's canned data.
/// </summary>
public sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    public FakeBgpService Service { get; }
    public string Address { get; }

    private ApiServer(WebApplication app, FakeBgpService service, string address)
    {
        _app = app;
        Service = service;
        Address = address;
    }

    /// <summary>
    /// Starts the server; with <paramref name="certificate"/> it serves TLS, and with
    /// <paramref name="requiredClient"/> it also demands that client certificate (mutual TLS).
    /// </summary>
    public static async Task<ApiServer> StartAsync(X509Certificate2? certificate = null, X509Certificate2? requiredClient = null)
    {
        var service = new FakeBgpService();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l =>
        {
            l.Protocols = HttpProtocols.Http2;
            if (certificate is null) return;
            l.UseHttps(https =>
            {
                https.ServerCertificate = certificate;
                if (requiredClient is null) return;
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                https.ClientCertificateValidation = (presented, _, _) => presented.Thumbprint == requiredClient.Thumbprint;
            });
        }));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        var app = builder.Build();
        app.MapGrpcService<FakeBgpService>();
        await app.StartAsync();
        string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ApiServer(app, service, new Uri(url).Authority);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

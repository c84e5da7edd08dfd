using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace Bgp.Cli.Api;

/// <summary>
/// Opens the gRPC channel to bgpd: HTTP/2 over plain TCP (h2c) by default, TLS with https, the
/// system roots or --ca as trust anchor, and a client certificate for mTLS with --cert/--key.
/// The connect timeout is short so that a dead address fails before the call deadline does.
/// One channel per bgpctl run; it is disposed when the command ends.
/// </summary>
internal static class ApiChannelFactory
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    public static GrpcChannel Create(ApiTarget target)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = ConnectTimeout,
            EnableMultipleHttp2Connections = false,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            // A watch can sit silent for hours; HTTP/2 pings notice a bgpd host that vanished without a FIN.
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        };
        if (target.Tls)
        {
            if (target.CaFile is { } caFile)
            {
                var anchors = new X509Certificate2Collection();
                anchors.ImportFromPemFile(caFile);
                handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    certificate is not null && ChainsTo(certificate, anchors, errors);
            }
            if (target.CertFile is { } certFile && target.KeyFile is { } keyFile)
                handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPemFile(certFile, keyFile)];
        }
        return GrpcChannel.ForAddress(target.Address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    /// <summary>Validates the server certificate against the --ca anchors only (name mismatch still fails).</summary>
    private static bool ChainsTo(X509Certificate certificate, X509Certificate2Collection anchors, SslPolicyErrors errors)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bgp.Daemon.Tests.Hosting;
using Grpc.Core;
using Grpc.Net.Client;
using V1 = Bgp.Api.V1;

namespace Bgp.Daemon.Tests.Api;

/// <summary>api.tls: the API serves TLS from PEM files, and with clientCaFile refuses clients without a certificate from that CA.</summary>
public sealed class ApiTlsTests
{
    [Fact]
    public async Task Api_MutualTls_ClientWithCaSignedCertServedWithoutCertRefused()
    {
        var self = IPAddress.Parse("127.0.0.47");
        using var folder = new TempConfigFolder();
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=bgpd test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var serverCert = Issue(ca, "CN=127.0.0.47", server: true);
        using var clientCert = Issue(ca, "CN=bgpctl", server: false);
        File.WriteAllText(Path.Combine(folder.Path, "ca.pem"), ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder.Path, "server.pem"), serverCert.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder.Path, "server.key"), serverCert.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());

        int api = BgpdProcess.FreePort(self);
        string file = folder.Write("tls.yaml", $$"""
            asNumber: 65047
            routerId: 10.0.47.1
            listen: { address: {{self}}, port: {{BgpdProcess.FreePort(self)}} }
            api: { address: {{self}}, port: {{api}}, tls: { certFile: server.pem, keyFile: server.key, clientCaFile: ca.pem } }
            health: { enabled: false }
            """);
        await using var bgpd = BgpdProcess.Start("--config", file);
        Assert.True(await bgpd.WaitForOutputAsync("gRPC API listening", BgpdPairFixture.Generous), bgpd.Describe());
        Assert.Contains("mutual TLS", bgpd.Stdout, StringComparison.Ordinal);

        using (var withCert = Channel(self, api, ca, clientCert))
        {
            var global = await new V1.BgpService.BgpServiceClient(withCert).GetGlobalAsync(new V1.GetGlobalRequest());
            Assert.Equal(65047u, global.Global.AsNumber);
        }
        using (var without = Channel(self, api, ca, null))
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => new V1.BgpService.BgpServiceClient(without).GetGlobalAsync(new V1.GetGlobalRequest()).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        }
        await bgpd.SignalAsync("TERM");
        Assert.True(await bgpd.WaitForExitAsync(TimeSpan.FromSeconds(10)), bgpd.Describe());
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, bool server)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [server ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Parse("127.0.0.47"));
            request.CertificateExtensions.Add(san.Build());
        }
        byte[] serial = RandomNumberGenerator.GetBytes(8);
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), serial);
        return issued.CopyWithPrivateKey(key);
    }

    private static GrpcChannel Channel(IPAddress address, int port, X509Certificate2 ca, X509Certificate2? client)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            if (certificate is null) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        };
        if (client is not null) handler.SslOptions.ClientCertificates = [client];
        return GrpcChannel.ForAddress($"https://{address}:{port}", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }
}

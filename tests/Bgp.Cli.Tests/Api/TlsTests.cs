using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bgp.Cli.Tests.Api;

/// <summary>--api https://, --ca and --cert/--key against a Kestrel serving TLS with a certificate made here.</summary>
public sealed class TlsTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("bgpctl-tls-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static X509Certificate2 SelfSigned(string name, bool server)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [server ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        if (server)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
        }
        var now = DateTimeOffset.UtcNow;
        using var made = request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
        // Through PKCS#12 so the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pkcs12), null);
    }

    private string WritePem(string name, string pem)
    {
        string path = Path.Combine(_temp, name);
        File.WriteAllText(path, pem);
        return path;
    }

    [Fact]
    public async Task Https_WithCa_Succeeds()
    {
        using var cert = SelfSigned("bgpd", server: true);
        await using var server = await ApiServer.StartAsync(cert);
        server.Service.Peers.Add(SampleData.Established());
        string ca = WritePem("ca.pem", cert.ExportCertificatePem());

        var r = await CliRun.RunAsync(["peers", "--api", $"https://{server.Address}", "--ca", ca]);

        Assert.True(r.Exit == 0, r.Err);
        Assert.Contains("192.0.2.1", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_UntrustedCertificate_CannotReachWithTlsReasonExit69()
    {
        using var cert = SelfSigned("bgpd", server: true);
        using var other = SelfSigned("someone-else", server: true);
        await using var server = await ApiServer.StartAsync(cert);
        string wrongCa = WritePem("other.pem", other.ExportCertificatePem());

        var r = await CliRun.RunAsync(["peers", "--api", server.Address, "--ca", wrongCa]);

        Assert.True(r.Exit == 69, r.Err);
        Assert.StartsWith($"bgpctl: cannot reach bgpd at {server.Address}: TLS handshake failed", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MutualTls_ClientCertificate_AcceptedAndRequired()
    {
        using var cert = SelfSigned("bgpd", server: true);
        using var client = SelfSigned("bgpctl", server: false);
        await using var server = await ApiServer.StartAsync(cert, requiredClient: client);
        string ca = WritePem("ca.pem", cert.ExportCertificatePem());
        string clientCert = WritePem("client.pem", client.ExportCertificatePem());
        string clientKey = WritePem("client.key", client.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());

        var with = await CliRun.RunAsync(["peers", "--api", server.Address, "--ca", ca, "--cert", clientCert, "--key", clientKey]);
        var without = await CliRun.RunAsync(["peers", "--api", server.Address, "--ca", ca]);

        Assert.True(with.Exit == 0, with.Err);
        Assert.Equal(69, without.Exit);
        Assert.StartsWith($"bgpctl: cannot reach bgpd at {server.Address}", without.Err, StringComparison.Ordinal);
    }
}

using System.Net;
using Bgp.Daemon.Tests.Hosting;
using Grpc.Health.V1;
using F = Bgp.Daemon.Tests.Api.BgpdPairFixture;

namespace Bgp.Daemon.Tests.Api;

/// <summary>/readiness, /liveness and /metrics on the health port, and grpc.health.v1 on the API port.</summary>
public sealed class HealthEndpointTests(BgpdPairFixture fx) : IClassFixture<BgpdPairFixture>
{
    private string Url(string path) => $"http://{F.AddressA}:{fx.HealthPortA}{path}";

    [Fact]
    public async Task Liveness_RibLoopRunning_Ok()
    {
        using var response = await fx.Http.GetAsync(Url("/liveness"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readiness_PeerEstablished_Ok()
    {
        await F.WaitForPeerAsync(fx.ClientA, F.AddressB, Bgp.Api.V1.SessionState.Established);
        using var response = await fx.Http.GetAsync(Url("/readiness"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("ready", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_EstablishedPair_PeerStateCountersRibAndProcess()
    {
        await F.WaitForRouteAsync(fx.ClientA, "10.42.0.0/24", present: true);
        await F.WaitForPeerAsync(fx.ClientA, F.AddressB, Bgp.Api.V1.SessionState.Established);
        string text = await fx.Http.GetStringAsync(Url("/metrics"));
        const string labels = "{peer=\"127.0.0.42\",asn=\"65042\"}";
        Assert.Contains("bgp_peer_state" + labels + " 6", text, StringComparison.Ordinal);
        Assert.Contains("bgp_peer_messages_received_total" + labels, text, StringComparison.Ordinal);
        Assert.Contains("bgp_peer_updates_sent_total" + labels, text, StringComparison.Ordinal);
        Assert.Contains("bgp_peer_notifications_received_total" + labels, text, StringComparison.Ordinal);
        Assert.Contains("bgp_peer_prefixes_accepted" + labels, text, StringComparison.Ordinal);
        Assert.Contains("bgp_peer_prefixes_advertised" + labels, text, StringComparison.Ordinal);
        Assert.Contains("bgp_peer_uptime_seconds" + labels, text, StringComparison.Ordinal);
        Assert.Matches("bgp_rib_prefixes\\{family=\"ipv4\"\\} [2-9]", text);
        Assert.Contains("bgp_rib_prefixes{family=\"ipv6\"} 0", text, StringComparison.Ordinal);
        Assert.Matches("bgp_best_path_changes_total [1-9]", text);
        Assert.Contains("bgp_kernel_routes_installed 0", text, StringComparison.Ordinal);
        Assert.Matches("bgp_rib_native_mappings\\{size=\"huge\"\\} [0-9]", text);
        Assert.Matches("bgp_rib_native_mappings\\{size=\"4k\"\\} [0-9]", text);
        Assert.Contains("process_working_set_bytes", text, StringComparison.Ordinal);
        Assert.Matches("bgp_peers_established 1", text);
    }

    [Fact]
    public async Task GrpcHealth_Check_Serving()
    {
        var reply = await new Health.HealthClient(fx.ChannelA).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task Readiness_PeerNeverUpWithinGrace_ServiceUnavailableNamingThePeer()
    {
        var self = IPAddress.Parse("127.0.0.45");
        int health = BgpdProcess.FreePort(self);
        using var folder = new TempConfigFolder();
        string file = folder.Write("c.yaml", $$"""
            asNumber: 65045
            routerId: 10.0.45.1
            listen: { address: {{self}}, port: {{BgpdProcess.FreePort(self)}} }
            api: { address: {{self}}, port: {{BgpdProcess.FreePort(self)}} }
            health: { address: {{self}}, port: {{health}}, readinessGraceSeconds: 600 }
            peers:
              - { peerIP: 127.0.0.46, asNumber: 65046, passive: true }
            """);
        await using var bgpd = BgpdProcess.Start("--config", file);
        Assert.True(await bgpd.WaitForOutputAsync("Health and metrics on", F.Generous), bgpd.Describe());
        using var response = await fx.Http.GetAsync($"http://{self}:{health}/readiness");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("127.0.0.46", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await bgpd.SignalAsync("TERM");
        Assert.True(await bgpd.WaitForExitAsync(TimeSpan.FromSeconds(10)), bgpd.Describe());
    }
}

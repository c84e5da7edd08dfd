using System.Net;
using Bgp.Daemon.Tests.Hosting;
using Grpc.Core;
using Grpc.Net.Client;
using V1 = Bgp.Api.V1;

namespace Bgp.Daemon.Tests.Api;

/// <summary>
/// Two bgpd processes peering over eBGP on 127.0.0.41 (AS 65041, originates 10.41.0.0/24) and 127.0.0.42
/// (AS 65042, originates 10.42.0.0/24), each with its gRPC API and health endpoint on free ports; shared by
/// the tests of one class. Tests that change peers put them back as they found them.
/// </summary>
public sealed class BgpdPairFixture : IAsyncLifetime, IDisposable
{
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    public static readonly IPAddress AddressA = IPAddress.Parse("127.0.0.41");
    public static readonly IPAddress AddressB = IPAddress.Parse("127.0.0.42");

    private readonly TempConfigFolder _folder = new();
    private bool _disposed;
    private GrpcChannel? _channelA;
    private GrpcChannel? _channelB;

    internal BgpdProcess A { get; private set; } = null!;
    internal BgpdProcess B { get; private set; } = null!;
    public string ConfigA { get; private set; } = "";
    public string YamlA { get; private set; } = "";
    public int BgpPortA { get; private set; }
    public int BgpPortB { get; private set; }
    public int HealthPortA { get; private set; }
    public V1.BgpService.BgpServiceClient ClientA { get; private set; } = null!;
    public V1.BgpService.BgpServiceClient ClientB { get; private set; } = null!;
    public GrpcChannel ChannelA => _channelA!;
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task InitializeAsync()
    {
        BgpPortA = BgpdProcess.FreePort(AddressA);
        BgpPortB = BgpdProcess.FreePort(AddressB);
        int apiA = BgpdProcess.FreePort(AddressA), apiB = BgpdProcess.FreePort(AddressB);
        HealthPortA = BgpdProcess.FreePort(AddressA);
        int healthB = BgpdProcess.FreePort(AddressB);
        YamlA = Yaml(65041, "10.0.41.1", AddressA, BgpPortA, apiA, HealthPortA, "10.41.0.0/24", AddressB, BgpPortB, 65042, holdTime: 90);
        ConfigA = _folder.Write("a.yaml", YamlA);
        string configB = _folder.Write("b.yaml", Yaml(65042, "10.0.42.1", AddressB, BgpPortB, apiB, healthB, "10.42.0.0/24", AddressA, BgpPortA, 65041, holdTime: 90));
        A = BgpdProcess.Start("--config", ConfigA);
        B = BgpdProcess.Start("--config", configB);
        Assert.True(await A.WaitForOutputAsync("gRPC API listening", Generous), A.Describe());
        Assert.True(await B.WaitForOutputAsync("gRPC API listening", Generous), B.Describe());
        _channelA = GrpcChannel.ForAddress($"http://{AddressA}:{apiA}");
        _channelB = GrpcChannel.ForAddress($"http://{AddressB}:{apiB}");
        ClientA = new V1.BgpService.BgpServiceClient(_channelA);
        ClientB = new V1.BgpService.BgpServiceClient(_channelB);
        await WaitForPeerAsync(ClientA, AddressB, V1.SessionState.Established);
    }

    /// <summary>One bgpd's file; <paramref name="holdTime"/> lets a reload test change the peer.</summary>
    public static string Yaml(uint asn, string routerId, IPAddress self, int bgpPort, int apiPort, int healthPort, string prefix,
        IPAddress peer, int peerPort, uint peerAs, int holdTime) => $$"""
        asNumber: {{asn}}
        routerId: {{routerId}}
        listen: { address: {{self}}, port: {{bgpPort}} }
        api: { address: {{self}}, port: {{apiPort}} }
        health: { address: {{self}}, port: {{healthPort}}, readinessGraceSeconds: 600 }
        prefixes: [{{prefix}}]
        peers:
          - { peerIP: "{{peer}}:{{peerPort}}", asNumber: {{peerAs}}, sourceAddress: {{self}}, holdTime: {{holdTime}}, importFilter: accept-all, exportFilter: accept-all }

        """;

    public void RewriteConfigA(string yaml) => File.WriteAllText(ConfigA, yaml);

    /// <summary>Polls GetPeer until the peer is in <paramref name="state"/>.</summary>
    public static async Task<V1.Peer> WaitForPeerAsync(V1.BgpService.BgpServiceClient client, IPAddress peer, V1.SessionState state)
    {
        var deadline = DateTime.UtcNow + Generous;
        V1.Peer? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = (await client.GetPeerAsync(new V1.GetPeerRequest { PeerAddress = peer.ToString() })).Peer;
                if (last.State == state) return last;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                // Not (yet) configured.
            }
            await Task.Delay(100);
        }
        Assert.Fail($"peer {peer} did not reach {state}; last seen: {last}");
        return null!;
    }

    /// <summary>Polls ListRoutes (Loc-RIB, exact prefix) until <paramref name="present"/> holds.</summary>
    public static async Task<List<V1.Route>> WaitForRouteAsync(V1.BgpService.BgpServiceClient client, string prefix, bool present)
    {
        var deadline = DateTime.UtcNow + Generous;
        List<V1.Route> rows = [];
        while (DateTime.UtcNow < deadline)
        {
            rows = await ReadAllAsync(client.ListRoutes(new V1.ListRoutesRequest { Prefix = prefix }));
            if ((rows.Count > 0) == present) return rows;
            await Task.Delay(100);
        }
        Assert.Fail($"route {prefix} {(present ? "never arrived" : "never went")}");
        return rows;
    }

    public static async Task<List<T>> ReadAllAsync<T>(AsyncServerStreamingCall<T> call)
    {
        using (call)
        {
            var list = new List<T>();
            while (await call.ResponseStream.MoveNext(CancellationToken.None)) list.Add(call.ResponseStream.Current);
            return list;
        }
    }

    public async Task DisposeAsync()
    {
        _channelA?.Dispose();
        _channelB?.Dispose();
        Http.Dispose();
        foreach (var p in new[] { A, B })
        {
            if (p is null) continue;
            if (!p.HasExited) await p.SignalAsync("TERM");
            await p.WaitForExitAsync(TimeSpan.FromSeconds(10));
            await p.DisposeAsync();
        }
        Dispose();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _folder.Dispose();
    }
}

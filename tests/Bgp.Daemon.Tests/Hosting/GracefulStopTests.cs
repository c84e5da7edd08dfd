using System.Net;
using Bgp.Daemon.Config;
using Bgp.Daemon.Hosting;
using Bgp.Protocol;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;
using Bgp.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using Serilog;
using static Bgp.Daemon.Tests.TestSpeakers;
using V1 = Bgp.Api.V1;

namespace Bgp.Daemon.Tests.Hosting;

/// <summary>
/// The graceful stop of an in-process bgpd (BgpDaemon.GracefulStopAsync, the GracefulRestart RPC) seen by a scripted
/// peer: what reaches the wire decides whether the peer keeps our routes (RFC 4724 4.2, RFC 8538 4-5).
/// </summary>
public sealed class GracefulStopTests
{
    private static readonly IPAddress PeerAddress = IPAddress.Parse("127.0.0.1");

    /// <param name="gr">The <c>gracefulRestart:</c> mapping, or null for none.</param>
    internal static (BgpDaemon Daemon, int ListenPort, int ApiPort) Create(string? gr)
    {
        int listen = BgpdProcess.FreePort(IPAddress.Loopback);
        int api = BgpdProcess.FreePort(IPAddress.Loopback);
        string yaml = $"""
            asNumber: 64512
            routerId: 192.0.2.1
            listen: {"{"} address: 127.0.0.1, port: {listen} {"}"}
            api: {"{"} address: 127.0.0.1, port: {api} {"}"}
            health: {"{"} enabled: false {"}"}
            warmup: false
            {(gr is null ? "" : $"gracefulRestart: {gr}")}
            prefixes: [198.51.100.0/24]
            peers:
              - {"{"} peerIP: {PeerAddress}, asNumber: 65002, passive: true, importFilter: accept-all, exportFilter: accept-all {"}"}
            """;
        var loaded = ConfigLoader.Parse(yaml, "graceful-stop.yaml");
        Assert.True(loaded.Success, loaded.FormatErrors());
        var daemon = BgpDaemon.Create(loaded.Config, "graceful-stop.yaml", new LoggerConfiguration().CreateLogger(), null, out var errors);
        Assert.Empty(errors);
        return (daemon!, listen, api);
    }

    /// <summary>The Graceful Restart capability (RFC 4724 3): restart time 120, N bit as given, IPv4 unicast.</summary>
    private static byte[] GrCapability(bool n) => Wire.Capability(64, n ? "4078" + "000101" + "00" : "0078" + "000101" + "00");

    /// <summary>Connects a scripted peer and brings the session to Established.</summary>
    internal static async Task<RawBgpPeer> EstablishAsync(BgpDaemon daemon, int port, byte[][] capabilities)
    {
        var raw = await RawBgpPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), Deadline(), PeerAddress);
        Assert.IsType<OpenMessage>(await raw.ReadAsync(Deadline()));
        await raw.SendAsync(RawBgpPeer.Open(65002, 0x0A000002, 90, capabilities), Deadline());
        Assert.IsType<KeepaliveMessage>(await raw.ReadAsync(Deadline()));
        await raw.SendAsync(Wire.Keepalive(), Deadline());
        await daemon.Speaker.Peers[0].WaitForStateAsync(SessionState.Established, Deadline());
        return raw;
    }

    /// <summary>Every NOTIFICATION until the connection closes (a reset counts as closed: a dropped connection may end with one).</summary>
    internal static async Task<List<NotificationMessage>> NotificationsUntilClosedAsync(RawBgpPeer raw)
    {
        var found = new List<NotificationMessage>();
        var deadline = Deadline(15);
        try
        {
            while (await raw.ReadAsync(deadline) is { } message)
                if (message is NotificationMessage n) found.Add(n);
        }
        catch (IOException)
        {
            // Reset by bgpd: closed.
        }
        return found;
    }

    private static async Task<List<NotificationMessage>> GracefulStopAsync(string? gr, byte[][] capabilities)
    {
        var (daemon, port, _) = Create(gr);
        await using var _d = daemon;
        await daemon.StartAsync(CancellationToken.None);
        await using var raw = await EstablishAsync(daemon, port, capabilities);

        var stop = daemon.GracefulStopAsync(Deadline());
        var notifications = await NotificationsUntilClosedAsync(raw);
        await stop;
        return notifications;
    }

    [Fact]
    public async Task GracefulStop_GrWithoutN_ClosesWithoutNotification()
    {
        var notifications = await GracefulStopAsync("{ enabled: true, notificationSupport: false }", [GrCapability(n: false)]);
        Assert.Empty(notifications);
    }

    [Fact]
    public async Task GracefulStop_NNegotiated_SendsAdministrativeResetNotHardReset()
    {
        var notifications = await GracefulStopAsync("{ enabled: true, notificationSupport: true }", [GrCapability(n: true)]);
        var n = Assert.Single(notifications);
        Assert.False(HardReset.Is(n));
        Assert.Equal((NotificationCode.Cease, (byte)CeaseSubcode.AdministrativeReset), (n.Code, n.Subcode));
        Assert.Equal(BgpDaemon.RestartCommunication, n.ShutdownCommunication);
    }

    [Fact]
    public async Task GracefulStop_PeerWithoutGr_SendsAdministrativeShutdown()
    {
        var notifications = await GracefulStopAsync("{ enabled: true }", []);
        var n = Assert.Single(notifications);
        Assert.Equal((NotificationCode.Cease, (byte)CeaseSubcode.AdministrativeShutdown), (n.Code, n.Subcode));
    }

    [Fact]
    public async Task GracefulRestartRpc_GrDisabled_FailedPreconditionAndSessionStays()
    {
        var (daemon, port, api) = Create(null);
        await using var _d = daemon;
        await daemon.StartAsync(CancellationToken.None);
        await using var raw = await EstablishAsync(daemon, port, [GrCapability(n: true)]);
        bool requested = false;
        daemon.GracefulStopRequested += (_, _) => requested = true;
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{api}");
        var client = new V1.BgpService.BgpServiceClient(channel);

        var e = await Assert.ThrowsAsync<RpcException>(() => client.GracefulRestartAsync(new V1.GracefulRestartRequest()).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Contains("graceful restart is disabled", e.Status.Detail, StringComparison.Ordinal);
        Assert.False(requested);
        await Assert.ThrowsAsync<InvalidOperationException>(() => daemon.GracefulStopAsync(CancellationToken.None));
        Assert.Equal(SessionState.Established, daemon.Speaker.Peers[0].State);
        await daemon.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task GracefulRestartRpc_GrEnabled_AnswersPlanAndRequestsTheStop()
    {
        var (daemon, port, api) = Create("{ enabled: true, restartTime: 90 }");
        await using var _d = daemon;
        await daemon.StartAsync(CancellationToken.None);
        await using var raw = await EstablishAsync(daemon, port, [GrCapability(n: false)]);
        var requested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        daemon.GracefulStopRequested += (_, _) => requested.TrySetResult();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{api}");
        var client = new V1.BgpService.BgpServiceClient(channel);

        var response = await client.GracefulRestartAsync(new V1.GracefulRestartRequest());

        Assert.Equal([PeerAddress.ToString()], response.GracefulPeers);
        Assert.Empty(response.CeasedPeers);
        Assert.Equal(90u, response.RestartTime);
        await requested.Task.WaitAsync(Deadline());
        // The host (Program) answers the request; here the test does.
        var stop = daemon.GracefulStopAsync(Deadline());
        Assert.Empty(await NotificationsUntilClosedAsync(raw));
        await stop;
    }
}

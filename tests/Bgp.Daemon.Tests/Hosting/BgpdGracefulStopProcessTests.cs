using System.Net;
using Bgp.Daemon.Hosting;
using Bgp.Protocol.Messages;
using Bgp.Testing;
using Grpc.Net.Client;
using static Bgp.Daemon.Tests.TestSpeakers;
using V1 = Bgp.Api.V1;

namespace Bgp.Daemon.Tests.Hosting;

/// <summary>The graceful stop of a real bgpd process: the RPC makes it exit 0 quietly; SIGUSR2 without graceful restart is refused.</summary>
public sealed class BgpdGracefulStopProcessTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private static readonly IPAddress Bgpd = IPAddress.Parse("127.0.0.71");
    private static readonly IPAddress Peer = IPAddress.Parse("127.0.0.72");

    private static string Write(TempConfigFolder folder, string gr, int port, int api) => folder.Write("gs.yaml", $$"""
        asNumber: 64512
        routerId: 192.0.2.1
        listen: { address: {{Bgpd}}, port: {{port}} }
        api: { address: {{Bgpd}}, port: {{api}} }
        health: { enabled: false }
        warmup: false
        gracefulRestart: {{gr}}
        prefixes: [198.51.100.0/24]
        peers:
          - { peerIP: {{Peer}}, asNumber: 65002, passive: true, importFilter: accept-all, exportFilter: accept-all }
        """);

    private static async Task<RawBgpPeer> EstablishAsync(BgpdProcess bgpd, int port, bool gr)
    {
        // Until bgpd listens.
        RawBgpPeer? raw = null;
        for (int i = 0; raw is null; i++)
        {
            try
            {
                raw = await RawBgpPeer.ConnectAsync(new IPEndPoint(Bgpd, port), Deadline(), Peer);
            }
            catch (System.Net.Sockets.SocketException) when (i < 100)
            {
                await Task.Delay(100);
            }
        }
        var open = await raw.ReadAsync(Deadline());
        Assert.True(open is OpenMessage, $"{open}\n{bgpd.Describe()}");
        byte[][] caps = gr ? [Wire.Capability(64, "0078" + "000101" + "00")] : [];
        await raw.SendAsync(RawBgpPeer.Open(65002, 0x0A000002, 90, caps), Deadline());
        var keepalive = await raw.ReadAsync(Deadline());
        Assert.True(keepalive is KeepaliveMessage, $"{keepalive}\n{bgpd.Describe()}");
        await raw.SendAsync(Wire.Keepalive(), Deadline());
        return raw;
    }

    [Fact]
    public async Task GracefulRestartRpc_GrWithoutN_ExitsZeroWithoutNotification()
    {
        int port = BgpdProcess.FreePort(Bgpd), api = BgpdProcess.FreePort(Bgpd);
        using var folder = new TempConfigFolder();
        await using var bgpd = BgpdProcess.Start("--config", Write(folder, "{ enabled: true, notificationSupport: false }", port, api));
        await using var raw = await EstablishAsync(bgpd, port, gr: true);
        // Established once our peer sees the UPDATE of the originated prefix.
        while (await raw.ReadAsync(Deadline()) is not UpdateMessage) { }
        using var channel = GrpcChannel.ForAddress($"http://{Bgpd}:{api}");

        // bgpd starts its API after the sessions.
        Assert.True(await bgpd.WaitForOutputAsync("gRPC API listening", Generous), bgpd.Describe());
        var response = await new V1.BgpService.BgpServiceClient(channel).GracefulRestartAsync(new V1.GracefulRestartRequest());

        Assert.True(response.GracefulPeers.Count == 1 && response.GracefulPeers[0] == Peer.ToString(), $"{response}\n{bgpd.Describe()}");
        var notifications = await GracefulStopTests.NotificationsUntilClosedAsync(raw);
        Assert.True(notifications.Count == 0, $"{string.Join(", ", notifications)}\n{bgpd.Describe()}");
        Assert.True(await bgpd.WaitForExitAsync(Generous), bgpd.Describe());
        Assert.Equal(ExitCodes.Success, bgpd.ExitCode);
        // The output is read asynchronously: its last lines may land after the exit.
        Assert.True(await bgpd.WaitForOutputAsync("stopping for a graceful restart", Generous), bgpd.Describe());
    }

    [Fact]
    public async Task Sigusr2_GrDisabled_RefusedAndKeepsRunning()
    {
        int port = BgpdProcess.FreePort(Bgpd), api = BgpdProcess.FreePort(Bgpd);
        using var folder = new TempConfigFolder();
        await using var bgpd = BgpdProcess.Start("--config", Write(folder, "{ enabled: false }", port, api));
        await using var raw = await EstablishAsync(bgpd, port, gr: false);
        while (await raw.ReadAsync(Deadline()) is not UpdateMessage) { }

        await bgpd.SignalAsync("USR2");

        Assert.True(await bgpd.WaitForOutputAsync("Graceful restart refused", Generous), bgpd.Describe());
        Assert.False(bgpd.HasExited, bgpd.Describe());
        await bgpd.SignalAsync("TERM");
        BgpMessage? n;
        do n = await raw.ReadAsync(Deadline());
        while (n is not null and not NotificationMessage);
        Assert.True(n is NotificationMessage { Code: Bgp.Protocol.NotificationCode.Cease }, $"{n}\n{bgpd.Describe()}");
        // A peer closes after a NOTIFICATION (RFC 4271 6); bgpd's stop waits for that.
        await raw.DisposeAsync();
        Assert.True(await bgpd.WaitForExitAsync(Generous), bgpd.Describe());
        Assert.Equal(ExitCodes.Success, bgpd.ExitCode);
    }
}

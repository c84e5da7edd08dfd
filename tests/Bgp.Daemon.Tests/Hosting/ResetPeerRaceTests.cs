using System.Net;
using Bgp.Daemon.Config;
using Bgp.Daemon.Hosting;
using Bgp.Daemon.Routing;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;
using Bgp.Testing;
using Serilog;
using static Bgp.Daemon.Tests.TestSpeakers;

namespace Bgp.Daemon.Tests.Hosting;

/// <summary>
/// An operator's reset of a peer whose session ends while the reset waits for the RIB loop: the soft reset out posts
/// to the loop's bounded channel, which waits while the channel is full, and reads the session's families after that.
/// </summary>
public sealed class ResetPeerRaceTests
{
    private static readonly IPAddress PeerAddress = IPAddress.Parse("127.0.0.1");

    [Fact]
    public async Task ResetPeer_SoftOutWhileSessionGoesDown_CompletesWithoutError()
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
            peers:
              - {"{"} peerIP: {PeerAddress}, asNumber: 65002, passive: true, importFilter: accept-all, exportFilter: accept-all {"}"}
            """;
        var loaded = ConfigLoader.Parse(yaml, "reset-race.yaml");
        Assert.True(loaded.Success, loaded.FormatErrors());
        await using var daemon = BgpDaemon.Create(loaded.Config, "reset-race.yaml", new LoggerConfiguration().CreateLogger(), null, out var errors);
        Assert.Empty(errors);
        await daemon!.StartAsync(CancellationToken.None);
        var raw = await RawBgpPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listen), Deadline(), PeerAddress);
        Assert.IsType<OpenMessage>(await raw.ReadAsync(Deadline()));
        await raw.SendAsync(RawBgpPeer.Open(65002, 0x0A000002, 90), Deadline());
        Assert.IsType<KeepaliveMessage>(await raw.ReadAsync(Deadline()));
        await raw.SendAsync(Wire.Keepalive(), Deadline());
        var session = daemon.Speaker.Peers[0];
        await session.WaitForStateAsync(SessionState.Established, Deadline());

        // Hold the RIB loop in a query.
        var inQuery = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new ManualResetEventSlim();
        var held = daemon.Rib.ReadAsync(_ =>
        {
            inQuery.SetResult();
            release.Wait(TimeSpan.FromSeconds(30));
            return 0;
        }, Deadline());
        await inQuery.Task.WaitAsync(Deadline());
        // And fill its channel, so that the reset's post waits for room with the session still Established.
        var queued = new List<Task<int>>();
        while (daemon.Rib.QueuedCommands < RibLoopOptions.Default.CommandCapacity) queued.Add(daemon.Rib.ReadAsync(_ => 0, Deadline()));
        var reset = daemon.ResetPeerAsync(PeerAddress, PeerResetKind.SoftOut, null, Deadline());
        Assert.False(reset.IsCompleted);

        // The peer goes away meanwhile: the session leaves Established before the loop gets to the reset.
        await raw.DisposeAsync();
        while (session.State == SessionState.Established) await Task.Delay(10, Deadline());
        release.Set();
        await held;
        await Task.WhenAll(queued);

        var result = await reset.WaitAsync(Deadline());
        Assert.Equal(PeerOperationStatus.Done, result.Status);
    }
}

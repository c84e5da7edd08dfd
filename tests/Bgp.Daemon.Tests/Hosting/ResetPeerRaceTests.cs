using System.Net;
using Bgp.Daemon.Hosting;
using Bgp.Daemon.Routing;
using Bgp.Protocol.Session;
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
        // The graceful-stop tests' daemon (one passive eBGP peer at 127.0.0.1, no graceful restart) and handshake.
        var (daemon, port, _) = GracefulStopTests.Create(null);
        await using var _d = daemon;
        await daemon.StartAsync(CancellationToken.None);
        var raw = await GracefulStopTests.EstablishAsync(daemon, port, []);
        var session = daemon.Speaker.Peers[0];

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

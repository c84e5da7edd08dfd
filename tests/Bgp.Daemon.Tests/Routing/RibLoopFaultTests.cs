using System.Net;
using System.Threading.Channels;
using Bgp.Daemon.Routing;
using Bgp.Daemon.Sessions;
using Bgp.Protocol;
using Bgp.Rib.Engine;
using Microsoft.Extensions.Time.Testing;

namespace Bgp.Daemon.Tests.Routing;

/// <summary>
/// A RIB loop ended by an exception inside a round (a broken invariant): its channel closes, so later writers fail at
/// once instead of waiting forever; every session's read gate opens for good, so no session waits on a consumer that is
/// gone; the fault is reported (RibLoop.Faulted) and StopAsync still stops the rest without throwing it.
/// </summary>
public sealed class RibLoopFaultTests
{
    private static RibLoop NewLoop() =>
        new(new RibEngine(new RibEngineSettings(65000, RouterId.Parse("10.0.0.1"))), new RibLoopOptions { Time = new FakeTimeProvider() });

    /// <summary>A session that is never started: only its read gate matters here.</summary>
    private static PeerSession NewSession(string address) =>
        new(new PeerSettings { Address = IPAddress.Parse(address), PeerAs = 65001, Passive = true },
            new SpeakerSettings { LocalAs = 65000, RouterId = RouterId.Parse("10.0.0.1"), ListenAddress = null }, new FakeTimeProvider(), new Random(7));

    /// <summary>Makes the loop throw inside a round and returns what it reported.</summary>
    private static async Task<Exception> FaultAsync(RibLoop loop, CancellationToken ct)
    {
        var faulted = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.Faulted += (_, e) => faulted.TrySetResult(e);
        _ = loop.ReadAsync<int>(_ => throw new NotSupportedException("broken invariant"), ct);
        var fault = await faulted.Task.WaitAsync(ct);
        while (loop.IsRunning)
        {
            ct.ThrowIfCancellationRequested();
            await Task.Yield();
        }
        return fault;
    }

    /// <summary>Hands over UPDATEs until the gate closes at its high mark, as a session faster than the RIB does.</summary>
    private static Task FillToHighWater(PeerSession session)
    {
        var gate = session.ReadGate!;
        for (int i = 0; i < gate.HighWater; i++) gate.Added();
        return gate.WhenOpen;
    }

    [Fact]
    public async Task ReadAsync_ACommandFaultedTheLoop_FailsInsteadOfWaitingForever()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = deadline.Token;
        await using var loop = NewLoop();
        await loop.StartAsync(ct);

        await FaultAsync(loop, ct);

        // Nobody reads the channel any more: a write must fail, not wait for a reply (or room) that never comes.
        await Assert.ThrowsAsync<ChannelClosedException>(() => loop.ReadAsync(_ => 0, ct));
    }

    [Fact]
    public async Task Query_ItsOwnReadFaultsTheLoop_IsAbandonedInsteadOfWaitingForever()
    {
        // Out of the channel when it broke the loop, the query was neither answered nor among those abandoned: a caller
        // without a timeout (a reload's DetachAsync) waited for good, and held bgpd's control loop with it.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = deadline.Token;
        await using var loop = NewLoop();
        var faulted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.Faulted += (_, _) => faulted.TrySetResult();
        await loop.StartAsync(ct);

        var query = new ReadQuery<int>(_ => throw new NotSupportedException("broken invariant"));
        await loop.PostAsync(query, ct);
        await faulted.Task.WaitAsync(ct);

        // Abandoned before the fault was reported (its reply completes synchronously): no wait, no timed assertion.
        Assert.True(query.Reply.Task.IsCanceled);
    }

    [Fact]
    public async Task Fault_SessionHeldAtItsReadGate_ReadsAgain()
    {
        // Held, the session's TCP window stayed closed while its KEEPALIVEs went on: the peer kept routing through us.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = deadline.Token;
        await using var loop = NewLoop();
        await using var session = NewSession("192.0.2.2");
        loop.Attach(session);
        var held = FillToHighWater(session);
        Assert.False(held.IsCompleted);
        await loop.StartAsync(ct);

        var fault = await FaultAsync(loop, ct);

        Assert.IsType<NotSupportedException>(fault);
        Assert.True(held.IsCompleted);
    }

    [Fact]
    public async Task Attach_AfterAFault_SessionsReadsNeverWait()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = deadline.Token;
        await using var loop = NewLoop();
        await loop.StartAsync(ct);
        await FaultAsync(loop, ct);
        await using var session = NewSession("192.0.2.3");

        loop.Attach(session);

        Assert.True(FillToHighWater(session).IsCompleted);
    }

    [Fact]
    public async Task StopAsync_AfterAFault_StopsWithoutThrowingAndKeepsTheFault()
    {
        // Thrown, the fault cut the daemon's stop short after the CEASEs: the kernel sync was not stopped, and this
        // stop's own wait for the forwarders and send tasks never ran.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = deadline.Token;
        await using var loop = NewLoop();
        await using var session = NewSession("192.0.2.4");
        loop.Attach(session);
        await loop.StartAsync(ct);
        var fault = await FaultAsync(loop, ct);

        await loop.StopAsync(ct);

        Assert.Same(fault, loop.Fault);
    }
}

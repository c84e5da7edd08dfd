using System.Threading.Channels;
using Bgp.Daemon.Routing;
using Bgp.Protocol;
using Bgp.Rib.Engine;
using Microsoft.Extensions.Time.Testing;

namespace Bgp.Daemon.Tests.Routing;

/// <summary>A RIB loop ended by an exception inside a round closes its channel: later writers fail at once instead of waiting forever.</summary>
public sealed class RibLoopFaultTests
{
    [Fact]
    public async Task ReadAsync_ACommandFaultedTheLoop_FailsInsteadOfWaitingForever()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = deadline.Token;
        var loop = new RibLoop(new RibEngine(new RibEngineSettings(65000, RouterId.Parse("10.0.0.1"))), new RibLoopOptions { Time = new FakeTimeProvider() });
        await loop.StartAsync(ct);

        // A broken invariant inside a round ends the loop with that exception.
        _ = loop.ReadAsync<int>(_ => throw new NotSupportedException("broken invariant"), ct);
        while (loop.IsRunning)
        {
            ct.ThrowIfCancellationRequested();
            await Task.Yield();
        }

        // Nobody reads the channel any more: a write must fail, not wait for a reply (or room) that never comes.
        await Assert.ThrowsAsync<ChannelClosedException>(() => loop.ReadAsync(_ => 0, ct));
        await Assert.ThrowsAsync<NotSupportedException>(() => loop.StopAsync(ct));
    }
}

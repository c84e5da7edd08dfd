using Bgp.Daemon.Routing;
using Bgp.Protocol;
using Bgp.Rib.Engine;

namespace Bgp.Daemon.Tests.Routing;

/// <summary>The startup warm-up's private exchange: exact counts of its synthetic table, and nothing outside it touched.</summary>
public class UpdatePathWarmupTests
{
    private static readonly RibEngineSettings Settings = new(64512, RouterId.Parse("192.0.2.100"));

    [Theory]
    [InlineData(false)]
    // Update groups: the sources get their routes back (RibEngine.Groups.cs), the sinks exactly what they got before.
    [InlineData(true)]
    public async Task RunAsync_SyntheticTable_EachSinkGetsEveryRouteAndWithdrawal(bool updateGroups)
    {
        var result = await UpdatePathWarmup.RunAsync(Settings with { UpdateGroups = updateGroups }, null, TimeProvider.System, CancellationToken.None);

        Assert.True(result.Complete, string.Join("; ", result.Problems));
        // Sources: the iBGP source 512 + 256 routes (a fourth withdrawn in the same batch: 128 + 64); the eBGP
        // source 12,000 + 4,000 routes, all of them again with new attributes, a fourth withdrawn (3,000 + 1,000)
        // and 1,000 IPv6 routes announced again as they were; the second eBGP source the 16,000 again.
        Assert.Equal(768 + 16_000 + 16_000 + 1_000 + 16_000, result.RoutesAnnounced);
        Assert.Equal(192 + 4_000, result.RoutesWithdrawn);
        // Replaced and still there at the end of the churn: 9,000 IPv4 and 3/4 of the 3,000 IPv6 not restored.
        const int replaced = 9_000 + 2_250;
        // Only the second source has the 3,000 IPv4 and 750 IPv6 routes the churn left withdrawn: its paths (longer,
        // so losing everywhere else) reach the sinks, and go with it.
        const int backupOnly = 3_000 + 750;
        // eBGP sink: the 576 internal routes that outlived their batch, the external table, the replacements, the
        // second source's; then every route it had goes, once.
        Assert.Equal(576 + 16_000 + replaced + backupOnly, result.ExternalSinkAnnounced);
        Assert.Equal(576 + 16_000 + backupOnly, result.ExternalSinkWithdrawn);
        // iBGP sink (not a reflector client): nothing learned over iBGP (RFC 4271 9.2).
        Assert.Equal(16_000 + replaced + backupOnly, result.InternalSinkAnnounced);
        Assert.Equal(16_000 + backupOnly, result.InternalSinkWithdrawn);
    }

    [Fact]
    public async Task RunAsync_NextToRunningLoop_LoopRibUntouched()
    {
        var observer = new CountingObserver();
        var engine = new RibEngine(Settings);
        engine.AddObserver(observer);
        await using var loop = new RibLoop(engine);
        await loop.StartAsync(CancellationToken.None);

        var result = await UpdatePathWarmup.RunAsync(loop.Engine.Settings, loop.Options, TimeProvider.System, CancellationToken.None);

        Assert.True(result.Complete, string.Join("; ", result.Problems));
        var (peers, v4, v6) = await loop.ReadAsync(e => (e.PeerCount, e.Rib.Ipv4.PrefixCount, e.Rib.Ipv6.PrefixCount), CancellationToken.None);
        Assert.Equal((0, 0, 0), (peers, v4, v6));
        Assert.Equal(0, observer.Changes);
    }

    [Fact]
    public async Task RunAsync_CancelledAfterItStarted_StopsWithCancellation()
    {
        using var cancel = new CancellationTokenSource();
        // The clock is read once the start's cancellation check has passed: a stop requested from here on is
        // one that arrives while the exchange runs.
        var time = new CancelOnTimestamp(cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => UpdatePathWarmup.RunAsync(Settings, null, time, cancel.Token));
    }

    private sealed class CancelOnTimestamp(CancellationTokenSource cancel) : TimeProvider
    {
        public override long GetTimestamp()
        {
            cancel.Cancel();
            return base.GetTimestamp();
        }
    }

    private sealed class CountingObserver : ILocRibObserver
    {
        public int Changes { get; private set; }

        public void OnLocRibChanged(RibEngine engine, in Bgp.Rib.RibChange change) => Changes++;
    }
}

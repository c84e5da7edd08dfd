using Bgp.Daemon.Routing;

namespace Bgp.Daemon.Hosting;

/// <summary>
/// The startup warm-up (<c>warmup:</c>, on by default): before the speaker listens or connects, a private
/// UPDATE exchange (<see cref="UpdatePathWarmup"/>) runs through the real UPDATE path with this daemon's RIB
/// settings, so that the JIT compiles it now rather than while the first peer's table streams in. It never
/// stops bgpd from starting: a shortfall is logged as a warning (it is a bug), and so is an exception.
/// </summary>
public sealed partial class BgpDaemon
{
    /// <summary>What the last warm-up did, or null when it was off or failed.</summary>
    internal UpdatePathWarmupResult? WarmupResult { get; private set; }

    private async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        if (!Config.Warmup) return;
        try
        {
            // The settings record is immutable: the private engine shares nothing with the daemon's.
            var result = await UpdatePathWarmup.RunAsync(_rib.Engine.Settings, _rib.Options, TimeProvider.System, cancellationToken)
                .ConfigureAwait(false);
            WarmupResult = result;
            // The exchange leaves about 10 MB of garbage: give it back before the peers come, so that the idle
            // footprint, and what sessions seem to cost on top of it, are what they would be without the warm-up
            // (idle RSS 78 MB without this collection, 72.3 with it, 71.3 with no warm-up). One full collection
            // of a small heap.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            _log.Information("warmed the UPDATE path: {WarmupRoutes} routes in {WarmupMs} ms, {JitMethods} methods compiled ({JitMs} ms JIT)",
                result.RoutesAnnounced, (long)result.Elapsed.TotalMilliseconds, result.MethodsCompiled, (long)result.JitTime.TotalMilliseconds);
            if (!result.Complete)
                _log.Warning("UPDATE path warm-up fell short of its synthetic table (a bug; bgpd runs on): {WarmupProblems}",
                    string.Join("; ", result.Problems));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // An optimization only: whatever it throws, bgpd starts without it.
            _log.Warning(e, "UPDATE path warm-up failed (a bug; bgpd runs on without it)");
        }
    }
}

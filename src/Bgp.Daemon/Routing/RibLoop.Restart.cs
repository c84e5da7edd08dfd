using Bgp.Rib.Engine;

namespace Bgp.Daemon.Routing;

/// <summary>
/// The clock of graceful restart (RFC 4724 4.2), which the engine lacks: when a peer's routes were kept as
/// stale, its restart time (the one it advertised, capped by our maxRestartTime) runs; once it is back with
/// stale routes left, the stale path time runs until its End-of-RIB. Either running out posts a sweep. A
/// timer belongs to one session generation, so one started before the peer came back (or went down
/// again) is ignored.
/// </summary>
public sealed partial class RibLoop
{
    private void AfterPeerDown(PeerDown down, RibSessionBinding binding)
    {
        if (!down.RetainStale || !Engine.IsRestarting(down.PeerId)) return;
        // The restart time the peer advertised, capped by ours (unknown: ours).
        var limit = binding.Options.MaxRestartTime;
        var advertised = binding.PeerGracefulRestart is { } gr ? TimeSpan.FromSeconds(gr.RestartTime) : limit;
        StartStaleTimer(binding, advertised < limit ? advertised : limit);
    }

    private void AfterPeerUp(RibSessionBinding binding)
    {
        if (Engine.StalePathCount(binding.PeerId) > 0) StartStaleTimer(binding, binding.Options.StalePathTime);
    }

    private void StartStaleTimer(RibSessionBinding binding, TimeSpan delay) =>
        _ = FireStaleTimerAsync(binding.PeerId, binding.Generation, delay, _stop.Token);

    private async Task FireStaleTimerAsync(int peerId, long generation, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            if (delay > TimeSpan.Zero) await Task.Delay(delay, _options.Time, cancellationToken).ConfigureAwait(false);
            await _commands.Writer.WriteAsync(new StaleTimerExpired(peerId, generation), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // The loop stopped.
        }
    }

    private void OnStaleTimerExpired(StaleTimerExpired expired)
    {
        if (Binding(expired.PeerId) is { } binding && binding.Generation == expired.Generation)
            Engine.Execute(new SweepStale(expired.PeerId));
    }
}

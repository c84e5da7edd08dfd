using Bgp.Rib.Engine;

namespace Bgp.Daemon.Routing;

/// <summary>
/// The selection deferral timer of our own restart (RFC 4724 4.1), which the engine lacks: the engine defers
/// export until every awaited peer sent End-of-RIB (it sees those itself, behind the peer's UPDATEs); the timer
/// posts <see cref="EndDeferral"/> in case some never do.
/// </summary>
public sealed partial class RibLoop
{
    private TimeSpan? _deferral;

    /// <summary>
    /// After our own restart: defers route selection for every attached peer with graceful restart on, for at
    /// most <paramref name="limit"/> from the loop's start. Call after attaching the sessions and before
    /// <see cref="StartAsync"/>.
    /// </summary>
    public void DeferSelection(TimeSpan limit)
    {
        var ids = new List<int>();
        lock (_gate)
        {
            if (_started) throw new InvalidOperationException("deferral is set before the loop starts");
            foreach (var b in _bindings.Values)
                if (b.Options.GracefulRestart) ids.Add(b.PeerId);
        }
        Engine.BeginDeferral(ids);
        if (Engine.Deferring) _deferral = limit;
    }

    // From StartAsync, with the loop task started.
    private void StartDeferralTimer()
    {
        if (_deferral is { } limit) _ = FireDeferralTimerAsync(limit, _stop.Token);
    }

    private async Task FireDeferralTimerAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            if (delay > TimeSpan.Zero) await Task.Delay(delay, _options.Time, cancellationToken).ConfigureAwait(false);
            // Harmless when End-of-RIB from every peer ended the deferral first.
            await _commands.Writer.WriteAsync(new EndDeferral(), cancellationToken).ConfigureAwait(false);
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
}

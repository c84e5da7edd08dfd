using Bgp.Protocol;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;

namespace Bgp.Daemon.Sessions;

/// <summary>
/// What the operator API reads and steers: administrative enable/disable (RFC 4486 Cease subcodes with the
/// RFC 9003 text), de-configuration, ROUTE-REFRESH towards the peer (RFC 2918), and the peer's history
/// (state since, Established transitions, the last reason it went down and when).
/// </summary>
public sealed partial class PeerSession
{
    private long _establishedTransitions;
    private DateTimeOffset _stateSince;
    private volatile LastDown? _lastDown;
    private volatile bool _disabled;

    /// <summary>A down reason with its time; one reference so readers never see a reason with another's time.</summary>
    public sealed record LastDown(DownReason Reason, DateTimeOffset At);

    /// <summary>False after <see cref="DisableAsync"/>: the session stays Idle with no automatic restart.</summary>
    public bool Enabled => !_disabled;

    /// <summary>True between <see cref="StartAsync"/> and a stop.</summary>
    public bool IsStarted
    {
        get { lock (_gate) return _running; }
    }

    /// <summary>
    /// For the speaker's accept path: starts the session when nothing has started it yet and it is enabled, under
    /// the session's lock so that a disable or removal cannot slip in between the check and the start. False for a
    /// session that was started before: a stop (max-prefix cease, disable, removal, reset) is not undone by the
    /// peer's next connection.
    /// </summary>
    internal bool StartIfNeverStarted()
    {
        lock (_gate)
        {
            if (_everStarted || _disabled) return false;
            StartAsync(CancellationToken.None).GetAwaiter().GetResult();
            return true;
        }
    }

    /// <summary>How many times the session reached Established.</summary>
    public long EstablishedTransitions => Interlocked.Read(ref _establishedTransitions);

    /// <summary>When <see cref="State"/> last changed (creation time before the first change).</summary>
    public DateTimeOffset StateSince
    {
        get { lock (_gate) return _stateSince; }
    }

    /// <summary>The last down reason and when it was recorded; null before the first time.</summary>
    public LastDown? LastDownInfo => _lastDown;

    /// <summary>
    /// Administrative shutdown: Cease / Administrative Shutdown (RFC 4486 subcode 2) carrying
    /// <paramref name="communication"/> (RFC 9003), then Idle until <see cref="EnableAsync"/>.
    /// </summary>
    public async Task DisableAsync(string? communication, CancellationToken cancellationToken)
    {
        _disabled = true;
        await StopAsync(communication, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Undoes <see cref="DisableAsync"/>: the session starts connecting (or listening) again.</summary>
    public Task EnableAsync(CancellationToken cancellationToken)
    {
        _disabled = false;
        return StartAsync(cancellationToken);
    }

    /// <summary>Stops the session for good with Cease / <paramref name="subcode"/> (Peer De-configured or Other Configuration Change, RFC 4486).</summary>
    public Task StopWithCeaseAsync(CeaseSubcode subcode, string? communication, CancellationToken cancellationToken)
    {
        _disabled = true;
        return StopWithAsync(new FsmInput(FsmEvent.ManualStop, NotificationMessage.Cease(subcode, communication)), null, cancellationToken);
    }

    /// <summary>
    /// Sends a ROUTE-REFRESH for <paramref name="family"/> (RFC 2918 3), asking the peer to send its routes
    /// again. False when the session is not Established, the peer did not negotiate route refresh, or the
    /// family is not one of the session's.
    /// </summary>
    public bool SendRouteRefresh(AfiSafi family) => SendRouteRefresh(_established, family);
}

using System.Diagnostics.CodeAnalysis;
using Bgp.Daemon.Sessions;
using Bgp.Protocol.Session;

namespace Bgp.Daemon.Hosting;

/// <summary>
/// Graceful stop: bgpd stops for a planned restart (an upgrade, a node agent roll-out) so that its peers keep
/// forwarding on our routes until it is back, as BIRD's <c>birdc graceful restart</c> does. Each session with
/// graceful restart negotiated ends the way that makes the peer retain our routes as stale
/// (<see cref="FsmInput.GracefulStop"/>: no NOTIFICATION without the RFC 8538 N bit, RFC 4724 4.2; an unwrapped
/// Cease / Administrative Reset with it, RFC 8538 4-5); the other peers get the usual Cease. The kernel routes
/// stay, as on every stop with graceful restart enabled, and the next run finds them and restarts with the R bit
/// (<see cref="DetectRestart"/>). Triggered by the GracefulRestart RPC (bgpctl graceful-restart) and SIGUSR2,
/// both through <see cref="RequestGracefulStop"/>, which the process's signal loop (Program) answers.
/// </summary>
public sealed partial class BgpDaemon
{
    /// <summary>The RFC 9003 text of the Ceases and Administrative Resets of a graceful stop.</summary>
    public const string RestartCommunication = "bgpd restarting";

    /// <summary>
    /// Raised by <see cref="RequestGracefulStop"/>: the host must call <see cref="GracefulStopAsync"/> and exit. The
    /// caller (an RPC) has its answer before the stop begins: the stop closes the API server.
    /// </summary>
    public event EventHandler? GracefulStopRequested;

    /// <summary>Why a graceful stop is refused, or null when it can run.</summary>
    public string? GracefulStopRefusal => Config.GracefulRestart.Enabled
        ? null
        : "graceful restart is disabled in the configuration (gracefulRestart.enabled: false): peers would flush our routes; "
          + "enable it (a restart of bgpd is needed for peers to learn the capability) or stop bgpd normally";

    /// <summary>What a graceful stop does to each peer, as it would now.</summary>
    public (List<PeerSession> Graceful, List<PeerSession> Ceased) GracefulStopPlan()
    {
        var graceful = new List<PeerSession>();
        var ceased = new List<PeerSession>();
        foreach (var s in _speaker.Peers)
            (s.State == SessionState.Established && s.NegotiatedSession is { GracefulRestart: true } ? graceful : ceased).Add(s);
        return (graceful, ceased);
    }

    /// <summary>
    /// Asks the host for a graceful stop. False (with <paramref name="refusal"/>) when graceful restart is disabled:
    /// bgpd keeps running.
    /// </summary>
    public bool RequestGracefulStop([NotNullWhen(false)] out string? refusal)
    {
        refusal = GracefulStopRefusal;
        if (refusal is not null)
        {
            _log.Error("Graceful restart refused: {Reason}", refusal);
            return false;
        }
        _log.Information("Graceful restart requested");
        GracefulStopRequested?.Invoke(this, EventArgs.Empty);
        return true;
    }

    /// <summary>
    /// Stops bgpd for a planned restart (see the class comment). Throws <see cref="InvalidOperationException"/>
    /// when graceful restart is disabled.
    /// </summary>
    public Task GracefulStopAsync(CancellationToken cancellationToken)
    {
        if (GracefulStopRefusal is { } refusal) throw new InvalidOperationException(refusal);
        var (graceful, ceased) = GracefulStopPlan();
        _log.Information("bgpd stopping for a graceful restart: {GracefulPeers} peers keep our routes for up to {RestartTime} s, "
            + "{CeasedPeers} get a CEASE; kernel routes stay", graceful.Count, Config.GracefulRestart.RestartTime, ceased.Count);
        return StopAsync(graceful: true, cancellationToken);
    }
}

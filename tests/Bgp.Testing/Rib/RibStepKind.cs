namespace Bgp.Testing.Rib;

/// <summary>What one step of a <see cref="RibRun"/> does to the RIB.</summary>
public enum RibStepKind
{
    /// <summary>An announcement, replacement or withdrawal (<see cref="RibStep.Route"/>).</summary>
    Route,
    /// <summary>The next-hop table says something new about <see cref="RibStep.NextHop"/>, and its prefixes are decided again.</summary>
    NextHop,
    /// <summary>The session of <see cref="RibStep.PeerId"/> goes down: its paths go.</summary>
    PeerDown,
    /// <summary>The session of <see cref="RibStep.PeerId"/> goes down with graceful restart: its paths are marked stale.</summary>
    MarkStale,
    /// <summary>The stale paths of <see cref="RibStep.PeerId"/> are swept.</summary>
    SweepStale,
    /// <summary>Reporting of candidate changes (ADD-PATH export) is switched to <see cref="RibStep.Reachable"/>.</summary>
    ReportCandidates,
}

using System.Collections.Immutable;

namespace Bgp.Daemon.Routing;

/// <summary>
/// What one <see cref="UpdatePathWarmup"/> did: the routes its sources sent and the routes each sink got
/// (counted in the UPDATEs decoded from the sink's octets), the time it took and the JIT work it caused.
/// <see cref="Problems"/> lists every way the exchange fell short of what its synthetic table implies (a
/// count off, an UPDATE that did not decode, a RIB left non-empty): each is a bug somewhere on the path.
/// </summary>
public sealed record UpdatePathWarmupResult
{
    /// <summary>Routes announced in the sources' UPDATEs (replacements included).</summary>
    public int RoutesAnnounced { get; init; }
    /// <summary>Routes withdrawn explicitly in the sources' UPDATEs (the rest go with the sources' PeerDown).</summary>
    public int RoutesWithdrawn { get; init; }
    public int ExternalSinkAnnounced { get; init; }
    public int ExternalSinkWithdrawn { get; init; }
    public int InternalSinkAnnounced { get; init; }
    public int InternalSinkWithdrawn { get; init; }
    public TimeSpan Elapsed { get; init; }
    /// <summary>Methods the JIT compiled while the warm-up ran, on every thread (JitInfo.GetCompiledMethodCount).</summary>
    public long MethodsCompiled { get; init; }
    public TimeSpan JitTime { get; init; }
    public ImmutableArray<string> Problems { get; init; } = [];

    /// <summary>Every sink got what the table implies and the private RIB ended empty.</summary>
    public bool Complete => Problems.IsEmpty;
}

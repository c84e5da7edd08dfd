namespace Bgp.Rib;

/// <summary>What an operation changed for a prefix, so that later stages know whether to send or install anything.</summary>
[Flags]
public enum RibChangeKind : byte
{
    /// <summary>Neither the best path nor the multipath set changed (the candidates may have).</summary>
    Unchanged = 0,
    /// <summary>Another path is best, the best path's attributes changed, or there is no best path any more (or now one).</summary>
    BestPath = 1,
    /// <summary>The multipath set (which always holds the best path) gained, lost or changed a member.</summary>
    Multipath = 2,
    /// <summary>
    /// Some candidate path was added, removed or changed (or the ranking may have moved). Set only while
    /// <see cref="LocRib.ReportCandidates"/> is on, which the engine does while a peer takes every path or
    /// the best N with ADD-PATH (RFC 7911); Loc-RIB observers care only about the two bits above.
    /// </summary>
    Candidates = 4,
}

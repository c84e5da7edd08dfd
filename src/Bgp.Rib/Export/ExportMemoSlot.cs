using Bgp.Protocol;

namespace Bgp.Rib.Export;

/// <summary>
/// Up to two <see cref="ExportMemo"/> answers kept on the Loc-RIB set itself (<see cref="RouteAttributes.ExportAnswer"/>),
/// both for one source key (source kind, source BGP Identifier, AFI: a set mostly comes from one peer). Each answer
/// carries the stamp of the memo that wrote it (<see cref="ExportMemoStamps"/>), which names the memo and its
/// generation in 4 bytes where a memo reference and a generation took 12: two answers fit the 32 bytes one took
/// (<c>ExportMemoTests</c> checks the size; 300k sets in bench workload 2). Two, because that workload exports every
/// best set to two peer classes and the second class's answers, in the memo's dictionary, cost 2 % of bgpd's CPU.
/// Owned by the RIB's single writer, like the set's reference count.
/// <para>
/// A stamp says whose an answer is, not whether that memo has been cleared since: only the memo that holds the stamp
/// knows. So another memo treats an answer as taken while its exported set is referenced, and as free once released
/// (an answer that is never handed out again), or when its place was never written (stamp 0, null answer).
/// </para>
/// </summary>
internal struct ExportMemoSlot
{
    public ExportedRoute? First;
    public ExportedRoute? Second;
    public int FirstStamp;
    public int SecondStamp;
    public uint SourceBgpId;
    public SourceKind Kind;
    public Afi Afi;

    /// <summary>True when both answers (if any) are for the source key given.</summary>
    public readonly bool Has(SourceKind kind, uint sourceBgpId, Afi afi) => Kind == kind && SourceBgpId == sourceBgpId && Afi == afi;

    /// <summary>True when <paramref name="answer"/> may be overwritten by any memo: never written, or released to zero.</summary>
    public static bool IsFree(ExportedRoute? answer) => answer is null || answer.ReferenceCount <= 0;
}

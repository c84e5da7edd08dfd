using Bgp.Protocol;

namespace Bgp.Rib.Export;

/// <summary>
/// One <see cref="ExportMemo"/> answer kept on the Loc-RIB set itself (<see cref="RouteAttributes.ExportAnswer"/>):
/// which memo and generation it belongs to, the rest of the memo key, and the answer. Owned by the RIB's single
/// writer, like the set's reference count.
/// </summary>
internal struct ExportMemoSlot
{
    public ExportMemo? Memo;
    public ExportedRoute? Exported;
    public int Generation;
    public uint SourceBgpId;
    public SourceKind Kind;
    public Afi Afi;

    /// <summary>
    /// True when no live answer is kept: never written, its memo cleared since (a newer generation), or its set
    /// released to zero (an answer that is never handed out again).
    /// </summary>
    public readonly bool IsFree => Memo is null || Generation != Memo.Generation || Exported!.ReferenceCount <= 0;

    /// <summary>True when this is <paramref name="memo"/>'s current answer for the rest of the key.</summary>
    public readonly bool Is(ExportMemo memo, SourceKind kind, uint sourceBgpId, Afi afi) =>
        ReferenceEquals(Memo, memo) && Generation == memo.Generation && Kind == kind && SourceBgpId == sourceBgpId && Afi == afi;
}

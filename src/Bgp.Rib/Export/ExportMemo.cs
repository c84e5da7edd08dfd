using System.Diagnostics.CodeAnalysis;
using Bgp.Protocol;

namespace Bgp.Rib.Export;

/// <summary>
/// What <see cref="ExportRules.Rewrite"/> made of a Loc-RIB attribute set, for every peer whose rewrite
/// inputs are the same (<see cref="ClassOf"/>). One memo per peer held one entry per Loc-RIB set per peer:
/// with 500 eBGP peers and 2,000 sets that was 80 MB, the largest per-session cost. Peers that differ only
/// in the fields Rewrite does not read (peer id, BGP Identifier: they matter to <see cref="ExportRules.Check"/>,
/// which runs before the memo) share one, as BIRD and FRR share an update group's export.
/// <para>
/// The answers of the first two memos (peer classes) to export a set live on the set itself
/// (<see cref="RouteAttributes.ExportAnswer"/>, two places for one source key, each marked with its memo's
/// <see cref="Stamp"/>); the dictionary holds only the answers of further memos and of other sources or families
/// of the same set. A full-table ingest sees each set for the first time right after interning it, and the
/// dictionary always missed, then inserted (workload 1: 2.5 % of bgpd's samples); a set never written answers
/// "unknown" without hashing. Two places rather than one because bench workload 2 exports every best set to two
/// classes (four generators in one, the receiver with its own next-hop-self address in another): with one place
/// half the answers lived in the dictionary, FindValue 1.3-1.4 % of bgpd's CPU plus 0.6 % inserting and resizing,
/// 15 MB allocated and ~3 MB kept.
/// </para>
/// <para>
/// Which place a memo takes: the one that already has its stamp, else one with its stamp from before its last
/// <see cref="Clear"/> (its own retired answer), else a free one (never written, or its exported set released).
/// When both places hold referenced answers of other memos, a third memo goes to its dictionary rather than
/// evict one: an evicted class would recompute and evict back, and a stamp does not say whether its memo was
/// cleared since, so the first two classes keep their places while their answers are referenced. A set whose
/// places hold another source key's referenced answers goes to the dictionary as well.
/// </para>
/// <para>
/// Where a place has this memo's stamp, the place is the answer: this memo wrote its dictionary entry for the key
/// (if any) while it had no place there, and took the place only on a miss, once that entry's set was released or a
/// Clear emptied the dictionary, so such an entry can only be dead. The dictionary may also keep entries of sets that were released; it is emptied,
/// not tracked (<see cref="Set"/>).
/// </para>
/// </summary>
internal sealed class ExportMemo
{
    private readonly Dictionary<(RouteAttributes Route, SourceKind Kind, uint SourceBgpId, Afi Afi), ExportedRoute> _entries = [];
    private readonly ExportMemoStamps _stamps;

    // The stamp this memo had before its last Clear: places on sets with it are this memo's invalidated answers,
    // which no other memo can tell from live ones, so this memo takes them back (Set) instead of leaving them
    // taken until their exported sets are released. Older generations' places wait for that.
    private int _retiredStamp = ExportMemoStamps.None;

    public ExportMemo()
        : this(ExportMemoStamps.Shared)
    {
    }

    /// <param name="stamps">Where this memo's stamps come from; tests give their own to reach the end of them.</param>
    internal ExportMemo(ExportMemoStamps stamps)
    {
        ArgumentNullException.ThrowIfNull(stamps);
        _stamps = stamps;
        Stamp = stamps.Next();
    }

    /// <summary>
    /// Names this memo in its current generation on the sets' places (<see cref="ExportMemoSlot"/>); a fresh one from
    /// <see cref="ExportMemoStamps"/> at construction and at every <see cref="Clear"/>, never one another memo had.
    /// <see cref="ExportMemoStamps.None"/> once they ran out: then every answer goes to the dictionary.
    /// </summary>
    public int Stamp { get; private set; }

    /// <summary>
    /// Bumped by every <see cref="Clear"/>: a <see cref="PeerExporter"/>'s remembered last answer is a view of this
    /// memo and holds only while the generation it was made in lasts. Not the stamp: a memo whose stamps ran out
    /// keeps <see cref="ExportMemoStamps.None"/> through its clears.
    /// </summary>
    public int Generation { get; private set; }

    /// <summary>Answers in the dictionary (those not kept on their set).</summary>
    public int DictionaryCount => _entries.Count;

    /// <summary>
    /// The live answer for <paramref name="route"/> exported from <paramref name="source"/> in <paramref name="afi"/>,
    /// if known; an answer whose references all went has left the interner and is never returned.
    /// </summary>
    public bool TryGet(RouteAttributes route, in ExportSource source, Afi afi, [NotNullWhen(true)] out ExportedRoute? exported)
    {
        ref readonly var slot = ref route.ExportAnswer;
        int stamp = Stamp;
        if (stamp != ExportMemoStamps.None && slot.Has(source.Kind, source.BgpId, afi))
        {
            if (slot.FirstStamp == stamp)
            {
                exported = slot.First!;
                return exported.ReferenceCount > 0;
            }
            if (slot.SecondStamp == stamp)
            {
                exported = slot.Second!;
                return exported.ReferenceCount > 0;
            }
        }
        exported = null;
        if (_entries.Count == 0) return false;
        // Once written, a set's first place is never empty again, and no memo with stamps uses its dictionary for a
        // set it could have kept the answer on: a set never written is in no dictionary but a stampless memo's.
        if (slot.First is null && stamp != ExportMemoStamps.None) return false;
        return _entries.TryGetValue((route, source.Kind, source.BgpId, afi), out exported) && exported.ReferenceCount > 0;
    }

    /// <summary>
    /// Remembers <paramref name="exported"/> as the answer for the key: on the set when one of its places is this
    /// memo's or free (see the class comment), else in the dictionary, which is emptied rather than tracked when
    /// Loc-RIB sets come and go: once it holds four times <paramref name="liveSets"/> (the export interner's count)
    /// plus 1,024.
    /// </summary>
    public void Set(RouteAttributes route, in ExportSource source, Afi afi, ExportedRoute exported, int liveSets)
    {
        ref var slot = ref route.ExportAnswer;
        if (TryKeep(ref slot, source, afi, exported)) return;
        // No second try on the set after this Clear (as when one answer lived there): a place with the stamp it
        // retires was already this memo's to take above.
        if (_entries.Count >= 4 * liveSets + 1024) Clear();
        _entries[(route, source.Kind, source.BgpId, afi)] = exported;
    }

    /// <summary>
    /// Empties the memo: the dictionary, every exporter's remembered last answer (<see cref="Generation"/>) and every
    /// answer kept on a set (a new <see cref="Stamp"/>).
    /// </summary>
    public void Clear()
    {
        _entries.Clear();
        _retiredStamp = Stamp;
        Stamp = _stamps.Next();
        Generation++;
    }

    /// <summary>The key peers share a memo under: <paramref name="peer"/> without what Rewrite ignores.</summary>
    public static ExportPeer ClassOf(ExportPeer peer) => peer with { PeerId = 0, BgpId = null };

    private bool TryKeep(ref ExportMemoSlot slot, in ExportSource source, Afi afi, ExportedRoute exported)
    {
        int stamp = Stamp;
        if (stamp == ExportMemoStamps.None) return false;
        if (slot.Has(source.Kind, source.BgpId, afi))
        {
            // This memo's own place first, so that at most one place ever has its stamp.
            if (slot.FirstStamp == stamp || (slot.SecondStamp != stamp && IsFreeToMe(slot.First, slot.FirstStamp)))
            {
                slot.First = exported;
                slot.FirstStamp = stamp;
                return true;
            }
            if (slot.SecondStamp == stamp || IsFreeToMe(slot.Second, slot.SecondStamp))
            {
                slot.Second = exported;
                slot.SecondStamp = stamp;
                return true;
            }
            return false;
        }
        // Another source key: the places change key only when neither holds an answer another memo may still use.
        if (!IsFreeToMe(slot.First, slot.FirstStamp) || !IsFreeToMe(slot.Second, slot.SecondStamp)) return false;
        slot = new ExportMemoSlot
        {
            First = exported,
            FirstStamp = stamp,
            SourceBgpId = source.BgpId,
            Kind = source.Kind,
            Afi = afi,
        };
        return true;
    }

    private bool IsFreeToMe(ExportedRoute? answer, int stamp) =>
        (stamp == _retiredStamp && stamp != ExportMemoStamps.None) || ExportMemoSlot.IsFree(answer);
}

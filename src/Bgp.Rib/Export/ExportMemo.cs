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
/// The first answer for a set lives on the set itself (<see cref="RouteAttributes.ExportAnswer"/>), the
/// dictionary holds only the answers of further memos (peer classes), families or sources of the same set. A
/// full-table ingest sees each set for the first time right after interning it, and the dictionary always
/// missed, then inserted (workload 1: 2.5 % of bgpd's samples, FindValue 1.9 and insert 0.6); a free slot now
/// answers "unknown" without hashing. A set whose slot is taken by a live answer of another key goes to the
/// dictionary as before. The dictionary may keep an entry for a set whose slot has since been freed and
/// taken again: lookups then ask the slot only and miss, which recomputes an equal answer; never a wrong one.
/// </para>
/// </summary>
internal sealed class ExportMemo
{
    private readonly Dictionary<(RouteAttributes Route, SourceKind Kind, uint SourceBgpId, Afi Afi), ExportedRoute> _entries = [];

    /// <summary>
    /// Bumped by every <see cref="Clear"/>: a <see cref="PeerExporter"/>'s remembered last answer and every
    /// answer kept on a set are views of this memo and hold only while the generation they were made in lasts.
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
        if (slot.Is(this, source.Kind, source.BgpId, afi))
        {
            exported = slot.Exported!;
            return exported.ReferenceCount > 0;
        }
        exported = null;
        if (slot.IsFree || _entries.Count == 0) return false;
        return _entries.TryGetValue((route, source.Kind, source.BgpId, afi), out exported) && exported.ReferenceCount > 0;
    }

    /// <summary>
    /// Remembers <paramref name="exported"/> as the answer for the key; on the set when its slot is free or
    /// already this key's, else in the dictionary, which is emptied rather than tracked when Loc-RIB sets come
    /// and go: once it holds four times <paramref name="liveSets"/> (the export interner's count) plus 1,024.
    /// </summary>
    public void Set(RouteAttributes route, in ExportSource source, Afi afi, ExportedRoute exported, int liveSets)
    {
        ref var slot = ref route.ExportAnswer;
        if (!slot.IsFree && !slot.Is(this, source.Kind, source.BgpId, afi))
        {
            if (_entries.Count >= 4 * liveSets + 1024) Clear();
            // The clear may have freed the slot (when this memo held it).
            if (!slot.IsFree)
            {
                _entries[(route, source.Kind, source.BgpId, afi)] = exported;
                return;
            }
        }
        slot.Memo = this;
        slot.Generation = Generation;
        slot.Kind = source.Kind;
        slot.SourceBgpId = source.BgpId;
        slot.Afi = afi;
        slot.Exported = exported;
    }

    /// <summary>Empties the memo (and so every exporter's remembered last answer and every answer kept on a set).</summary>
    public void Clear()
    {
        _entries.Clear();
        Generation++;
    }

    /// <summary>The key peers share a memo under: <paramref name="peer"/> without what Rewrite ignores.</summary>
    public static ExportPeer ClassOf(ExportPeer peer) => peer with { PeerId = 0, BgpId = null };
}

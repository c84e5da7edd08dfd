using Bgp.Protocol.Attributes;

namespace Bgp.Rib.Export;

/// <summary>
/// How an exported set's attributes are made from a Loc-RIB set's by the external rewrite
/// (<see cref="ExportRules.ExternalAttributes"/>): the set after ForPropagation and the AS4_PATH merge
/// (<paramref name="Source"/>, usually the Loc-RIB set's own instance), the AS put in front and whether the MED stays.
/// An exported set that keeps this instead of the rewritten attributes holds no PathAttributes and AsPath of its
/// own: 136 of its 208 bytes, and two of its three objects, for every best path sent to an external peer (issue #7).
/// </summary>
internal readonly record struct ExportDerivation(PathAttributes? Source, uint PrependAs, bool KeepMed)
{
    /// <summary>Not derived: the exported set keeps its attributes as they are.</summary>
    public static ExportDerivation None => default;

    public bool IsDerived => Source is not null;
}

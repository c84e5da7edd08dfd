using Bgp.Protocol;

namespace Bgp.Rib;

/// <summary>Every candidate of one prefix with the rule that decided against it, best path first.</summary>
public sealed record BestPathExplanation(Prefix Prefix, IReadOnlyList<PathExplanation> Paths)
{
    /// <summary>The best path, or null when no candidate is eligible.</summary>
    public PathExplanation? Best => Paths.Count > 0 && Paths[0].IsBest ? Paths[0] : null;
}

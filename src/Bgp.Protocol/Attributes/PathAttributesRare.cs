using System.Collections.Immutable;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// The attributes few sets carry, kept out of <see cref="PathAttributes"/> so that the common set stays
/// small (issue #7); a set without any of them holds null instead. Immutable: sets made with
/// <c>with</c> share it, so a change makes a new one (see <see cref="With"/>) and never edits this one.
/// </summary>
internal sealed record PathAttributesRare
{
    private static readonly PathAttributesRare Default = new();

    public bool AtomicAggregate { get; init; }
    public Aggregator? Aggregator { get; init; }
    public uint? OriginatorId { get; init; }
    public ImmutableArray<uint> ClusterList { get; init; } = [];
    public ImmutableArray<ExtendedCommunity> ExtendedCommunities { get; init; } = [];
    public AsPath? As4Path { get; init; }
    public Aggregator? As4Aggregator { get; init; }
    public uint? OnlyToCustomer { get; init; }
    public ImmutableArray<RawAttribute> Unknown { get; init; } = [];

    /// <summary>True when every attribute has its default, i.e. the set needs no side object.</summary>
    public bool IsDefault =>
        !AtomicAggregate && Aggregator is null && OriginatorId is null && ClusterList.IsDefaultOrEmpty
        && ExtendedCommunities.IsDefaultOrEmpty && As4Path is null && As4Aggregator is null
        && OnlyToCustomer is null && Unknown.IsDefaultOrEmpty;

    /// <summary>
    /// The side object after an edit of <paramref name="current"/> (null standing for all defaults):
    /// <paramref name="edit"/> gets a copy to change, and null comes back when the result is all defaults.
    /// </summary>
    public static PathAttributesRare? With<T>(PathAttributesRare? current, T value, Func<PathAttributesRare, T, PathAttributesRare> edit)
    {
        var next = edit(current ?? Default, value);
        return next.IsDefault ? null : next;
    }
}

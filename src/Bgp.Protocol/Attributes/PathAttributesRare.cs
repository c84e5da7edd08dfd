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

    // Optional values as a value plus a presence bit, as in PathAttributes: 80 bytes instead of 96.
    private const byte HasAggregator = 1, HasOriginatorId = 2, HasAs4Aggregator = 4, HasOnlyToCustomer = 8;

    private Aggregator _aggregator;
    private Aggregator _as4Aggregator;
    private uint _originatorId;
    private uint _onlyToCustomer;
    private byte _present;

    public bool AtomicAggregate { get; init; }

    public Aggregator? Aggregator
    {
        get => (_present & HasAggregator) != 0 ? _aggregator : null;
        init { _aggregator = value.GetValueOrDefault(); _present = Mark(HasAggregator, value.HasValue); }
    }

    public uint? OriginatorId
    {
        get => (_present & HasOriginatorId) != 0 ? _originatorId : null;
        init { _originatorId = value.GetValueOrDefault(); _present = Mark(HasOriginatorId, value.HasValue); }
    }

    public ImmutableArray<uint> ClusterList { get; init; } = [];
    public ImmutableArray<ExtendedCommunity> ExtendedCommunities { get; init; } = [];
    public AsPath? As4Path { get; init; }
    public Aggregator? As4Aggregator
    {
        get => (_present & HasAs4Aggregator) != 0 ? _as4Aggregator : null;
        init { _as4Aggregator = value.GetValueOrDefault(); _present = Mark(HasAs4Aggregator, value.HasValue); }
    }

    public uint? OnlyToCustomer
    {
        get => (_present & HasOnlyToCustomer) != 0 ? _onlyToCustomer : null;
        init { _onlyToCustomer = value.GetValueOrDefault(); _present = Mark(HasOnlyToCustomer, value.HasValue); }
    }

    public ImmutableArray<RawAttribute> Unknown { get; init; } = [];

    /// <summary>True when every attribute has its default, i.e. the set needs no side object.</summary>
    public bool IsDefault =>
        !AtomicAggregate && Aggregator is null && OriginatorId is null && ClusterList.IsDefaultOrEmpty
        && ExtendedCommunities.IsDefaultOrEmpty && As4Path is null && As4Aggregator is null
        && OnlyToCustomer is null && Unknown.IsDefaultOrEmpty;

    private byte Mark(byte bit, bool present) => present ? (byte)(_present | bit) : (byte)(_present & ~bit);

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

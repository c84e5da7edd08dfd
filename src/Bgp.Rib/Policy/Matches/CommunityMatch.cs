using System.Collections.Immutable;

namespace Bgp.Rib.Policy;

/// <summary>
/// The route carries any (or all) of the given standard communities. Well-known ones are plain values
/// (<see cref="Communities.Parse"/> maps "no-export" to 65535:65281). Compared by value.
/// </summary>
public sealed record CommunityMatch : RouteMatch
{
    public CommunityMatch(ImmutableArray<uint> values, MatchMode mode = MatchMode.Any)
    {
        if (values.IsDefaultOrEmpty) throw new ArgumentException("a community condition needs at least one value", nameof(values));
        Values = values;
        Mode = mode;
    }

    public ImmutableArray<uint> Values { get; }
    public MatchMode Mode { get; }

    public override bool Matches(in RouteContext route)
    {
        var carried = route.Attributes.Communities;
        foreach (uint v in Values)
        {
            bool has = carried.AsSpan().Contains(v);
            if (has && Mode == MatchMode.Any) return true;
            if (!has && Mode == MatchMode.All) return false;
        }
        return Mode == MatchMode.All;
    }

    public bool Equals(CommunityMatch? other) =>
        other is not null && Mode == other.Mode && ListEdit.SequenceEqual(Values, other.Values);

    public override int GetHashCode() => HashCode.Combine(Mode, ListEdit.Hash(Values));

    public override string ToString() => $"community {Mode.ToString().ToLowerInvariant()} [{string.Join(' ', Values.Select(Communities.Format))}]";
}

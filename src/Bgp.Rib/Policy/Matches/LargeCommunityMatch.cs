using System.Collections.Immutable;
using Bgp.Protocol.Attributes;

namespace Bgp.Rib.Policy;

/// <summary>The route carries any (or all) of the given large communities (RFC 8092).</summary>
public sealed record LargeCommunityMatch : RouteMatch
{
    public LargeCommunityMatch(ImmutableArray<LargeCommunity> values, MatchMode mode = MatchMode.Any)
    {
        if (values.IsDefaultOrEmpty) throw new ArgumentException("a large-community condition needs at least one value", nameof(values));
        Values = values;
        Mode = mode;
    }

    public ImmutableArray<LargeCommunity> Values { get; }
    public MatchMode Mode { get; }

    public override bool Matches(in RouteContext route)
    {
        var carried = route.Attributes.LargeCommunities.AsSpan();
        foreach (var v in Values)
        {
            bool has = carried.Contains(v);
            if (has && Mode == MatchMode.Any) return true;
            if (!has && Mode == MatchMode.All) return false;
        }
        return Mode == MatchMode.All;
    }

    public bool Equals(LargeCommunityMatch? other) =>
        other is not null && Mode == other.Mode && ListEdit.SequenceEqual(Values, other.Values);

    public override int GetHashCode() => HashCode.Combine(Mode, ListEdit.Hash(Values));

    public override string ToString() => $"large-community {Mode.ToString().ToLowerInvariant()} [{string.Join(' ', Values)}]";
}

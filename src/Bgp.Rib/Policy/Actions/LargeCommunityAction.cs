using System.Collections.Immutable;
using Bgp.Protocol.Attributes;

namespace Bgp.Rib.Policy;

/// <summary>Add, remove or replace large communities (RFC 8092), with the same rules as <see cref="CommunityAction"/>.</summary>
public sealed record LargeCommunityAction : RouteAction
{
    public LargeCommunityAction(CommunityEdit edit, ImmutableArray<LargeCommunity> values)
    {
        Edit = edit;
        Values = values.IsDefault ? [] : values;
    }

    public CommunityEdit Edit { get; }
    public ImmutableArray<LargeCommunity> Values { get; }

    internal override void Apply(ref RouteEdit edit)
    {
        var current = edit.Attributes.LargeCommunities;
        var next = ListEdit.Apply(current, Edit, Values);
        if (next != current) edit.Attributes = edit.Attributes with { LargeCommunities = next };
    }

    public bool Equals(LargeCommunityAction? other) =>
        other is not null && Edit == other.Edit && ListEdit.SequenceEqual(Values, other.Values);

    public override int GetHashCode() => HashCode.Combine(Edit, ListEdit.Hash(Values));

    public override string ToString() => $"{Edit.ToString().ToLowerInvariant()} large-communities [{string.Join(' ', Values)}]";
}

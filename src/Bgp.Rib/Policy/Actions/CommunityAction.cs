using System.Collections.Immutable;

namespace Bgp.Rib.Policy;

/// <summary>
/// Add, remove or replace standard communities (RFC 1997). Adding keeps the existing order and appends
/// only the values not present, so applying the same action twice changes nothing the second time.
/// Compared by value (the list's contents), so that a reload can tell an unchanged filter.
/// </summary>
public sealed record CommunityAction : RouteAction
{
    public CommunityAction(CommunityEdit edit, ImmutableArray<uint> values)
    {
        Edit = edit;
        Values = values.IsDefault ? [] : values;
    }

    public CommunityEdit Edit { get; }
    public ImmutableArray<uint> Values { get; }

    internal override void Apply(ref RouteEdit edit)
    {
        var current = edit.Attributes.Communities;
        var next = ListEdit.Apply(current, Edit, Values);
        if (next != current) edit.Attributes = edit.Attributes with { Communities = next };
    }

    public bool Equals(CommunityAction? other) =>
        other is not null && Edit == other.Edit && ListEdit.SequenceEqual(Values, other.Values);

    public override int GetHashCode() => HashCode.Combine(Edit, ListEdit.Hash(Values));

    public override string ToString() => $"{Edit.ToString().ToLowerInvariant()} communities [{string.Join(' ', Values.Select(Communities.Format))}]";
}

namespace Bgp.Rib;

/// <summary>
/// Value equality of interned sets, with <see cref="AttributeKey"/> as the alternate key so that a hit
/// in the interner allocates nothing.
/// </summary>
internal sealed class RouteAttributesComparer : IEqualityComparer<RouteAttributes>, IAlternateEqualityComparer<AttributeKey, RouteAttributes>
{
    public static readonly RouteAttributesComparer Instance = new();

    public bool Equals(RouteAttributes? x, RouteAttributes? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && Equals(x.NextHop, y.NextHop) && x.Attributes.Equals(y.Attributes));

    public int GetHashCode(RouteAttributes obj) => AttributeKey.Hash(obj.Attributes, obj.NextHop);

    public bool Equals(AttributeKey alternate, RouteAttributes other) =>
        Equals(alternate.NextHop, other.NextHop) && alternate.Attributes.Equals(other.Attributes);

    public int GetHashCode(AttributeKey alternate) => AttributeKey.Hash(alternate.Attributes, alternate.NextHop);

    public RouteAttributes Create(AttributeKey alternate) => new(alternate.Attributes, alternate.NextHop);
}

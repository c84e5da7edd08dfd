namespace Bgp.Rib.Export;

/// <summary>
/// Value equality of exported sets, for the interner only (everywhere else they compare by reference), with
/// <see cref="ExportKey"/> as the alternate key so that a hit allocates nothing. Both sides carry their hash
/// (<see cref="ExportedRoute.Hash"/>, <see cref="ExportKey.Hash"/>), computed once.
/// </summary>
internal sealed class ExportedRouteComparer : IEqualityComparer<ExportedRoute>, IAlternateEqualityComparer<ExportKey, ExportedRoute>
{
    public static readonly ExportedRouteComparer Instance = new();

    public bool Equals(ExportedRoute? x, ExportedRoute? y) =>
        ReferenceEquals(x, y)
        || (x is not null && y is not null && x.Hash == y.Hash && x.Afi == y.Afi
            && Equals(x.NextHop, y.NextHop) && Equals(x.LinkLocalNextHop, y.LinkLocalNextHop)
            && x.Attributes.Equals(y.Attributes));

    public int GetHashCode(ExportedRoute obj) => obj.Hash;

    public bool Equals(ExportKey alternate, ExportedRoute other) =>
        alternate.Hash == other.Hash && alternate.Afi == other.Afi
        && Equals(alternate.NextHop, other.NextHop) && Equals(alternate.LinkLocal, other.LinkLocalNextHop)
        && alternate.Attributes.Equals(other.Attributes);

    public int GetHashCode(ExportKey alternate) => alternate.Hash;

    public ExportedRoute Create(ExportKey alternate) => new(alternate);
}

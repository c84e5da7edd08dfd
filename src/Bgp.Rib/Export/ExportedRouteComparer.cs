namespace Bgp.Rib.Export;

/// <summary>Value equality of exported sets, for the interner only (everywhere else they compare by reference).</summary>
internal sealed class ExportedRouteComparer : IEqualityComparer<ExportedRoute>
{
    public static readonly ExportedRouteComparer Instance = new();

    public bool Equals(ExportedRoute? x, ExportedRoute? y) =>
        ReferenceEquals(x, y)
        || (x is not null && y is not null && x.Afi == y.Afi
            && Equals(x.NextHop, y.NextHop) && Equals(x.LinkLocalNextHop, y.LinkLocalNextHop)
            && x.Attributes.Equals(y.Attributes));

    public int GetHashCode(ExportedRoute obj) =>
        HashCode.Combine(obj.Afi, obj.Attributes.GetHashCode(), obj.NextHop?.GetHashCode() ?? 0, obj.LinkLocalNextHop?.GetHashCode() ?? 0);
}

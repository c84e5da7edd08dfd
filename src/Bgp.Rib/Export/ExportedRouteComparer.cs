using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;

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
        || (x is not null && y is not null && SameValues(x.Hash, x.Afi, x.NextHop, x.LinkLocalNextHop, x.Attributes, y));

    public int GetHashCode(ExportedRoute obj) => obj.Hash;

    public bool Equals(ExportKey alternate, ExportedRoute other) =>
        SameValues(alternate.Hash, alternate.Afi, alternate.NextHop, alternate.LinkLocal, alternate.Attributes, other);

    /// <summary>The one value comparison both lookups use: the stored hashes first, the attributes last.</summary>
    private static bool SameValues(int hash, Afi afi, IPAddress? nextHop, IPAddress? linkLocal, PathAttributes attributes, ExportedRoute other) =>
        hash == other.Hash && afi == other.Afi
        && Equals(nextHop, other.NextHop) && Equals(linkLocal, other.LinkLocalNextHop)
        && attributes.Equals(other.Attributes);

    public int GetHashCode(ExportKey alternate) => alternate.Hash;

    /// <summary>Not used by the interner (it adds sets itself, sharing their next hop fields); a set of its own otherwise.</summary>
    public ExportedRoute Create(ExportKey alternate) =>
        new(alternate, ExportedRoute.EncodeMpNextHop(alternate.Afi, alternate.NextHop, alternate.LinkLocal));
}

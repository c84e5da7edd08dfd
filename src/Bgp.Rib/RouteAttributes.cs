using System.Net;
using Bgp.Protocol.Attributes;

namespace Bgp.Rib;

/// <summary>
/// One canonical, interned attribute set as the RIB stores it: the <see cref="PathAttributes"/> plus the
/// next hop the route resolves through (NEXT_HOP for IPv4 unicast, the MP_REACH_NLRI next hop for IPv6,
/// which is not a path attribute of its own). Obtained only from an <see cref="AttributeInterner"/>, so
/// equal sets are one instance and comparing two routes' attributes is a reference comparison.
/// The values the decision process reads are computed once here rather than per comparison.
/// </summary>
public sealed class RouteAttributes
{
    internal RouteAttributes(PathAttributes attributes, IPAddress? nextHop)
    {
        Attributes = attributes;
        NextHop = nextHop ?? attributes.NextHop;
        var path = attributes.AsPath;
        AsPathLength = path?.DecisionLength ?? 0;
        // An empty AS_PATH (a route from inside our AS) has no neighbour AS; 0 stands for "our own AS",
        // so such routes compare MEDs with each other as RFC 4271 9.1.2.2 (c) intends.
        NeighbourAs = path?.FirstAs ?? 0;
        // ORIGIN is mandatory; a set without it cannot have passed the decoder, but if it did it is the
        // least preferred (RFC 4271 9.1.2.2 (c) orders IGP < EGP < INCOMPLETE).
        Origin = attributes.Origin ?? Origin.Incomplete;
        ClusterListLength = attributes.ClusterList.Length;
    }

    public PathAttributes Attributes { get; }
    /// <summary>The address the route resolves through; null when the set carried none.</summary>
    public IPAddress? NextHop { get; }
    /// <summary>AS_PATH length as the decision counts it: an AS_SET is 1, confederation segments 0.</summary>
    public int AsPathLength { get; }
    /// <summary>First AS of the AS_PATH (RFC 4271 9.1.2.2 (c)), 0 for a path from our own AS.</summary>
    public uint NeighbourAs { get; }
    public Origin Origin { get; }
    public uint? Med => Attributes.MultiExitDisc;
    public uint? LocalPref => Attributes.LocalPref;
    public uint? OriginatorId => Attributes.OriginatorId;
    public int ClusterListLength { get; }

    /// <summary>The interner's id of this set while it is held (see <see cref="AttributeInterner"/>), 0 once forgotten.</summary>
    internal int Id { get; set; }

    /// <summary>How many RIB entries hold this set; the interner drops it at zero. Single writer, no atomics.</summary>
    internal int ReferenceCount { get; set; }

    /// <summary>
    /// The first two export memos' answers for this set (Export/ExportMemo.cs), kept here so that a set seen for the
    /// first time costs no dictionary probe and two peer classes need none at all. 32 bytes, as when it held one.
    /// A field, not a property: the memo updates it in place. Single writer.
    /// </summary>
    internal Export.ExportMemoSlot ExportAnswer;

    public override string ToString() => $"{Attributes.AsPath} via {NextHop}";
}

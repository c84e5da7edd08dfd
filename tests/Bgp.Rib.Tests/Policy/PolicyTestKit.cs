using System.Collections.Immutable;
using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Policy;

namespace Bgp.Rib.Tests.Policy;

/// <summary>Short builders for routes, terms and filters in the policy tests.</summary>
internal static class PolicyTestKit
{
    public const uint LocalAs = 65000;
    public static readonly IPAddress EbgpPeer = IPAddress.Parse("192.0.2.1");
    public static readonly IPAddress IbgpPeer = IPAddress.Parse("10.0.0.2");

    public static PathAttributes Attrs(
        string path = "65001 65100",
        string? nextHop = "192.0.2.1",
        uint? localPref = null,
        uint? med = null,
        string communities = "",
        string largeCommunities = "") =>
        new()
        {
            Origin = Origin.Igp,
            AsPath = ParsePath(path),
            NextHop = nextHop is null ? null : IPAddress.Parse(nextHop),
            LocalPref = localPref,
            MultiExitDisc = med,
            Communities = [.. Words(communities).Select(Communities.Parse)],
            LargeCommunities = [.. Words(largeCommunities).Select(Communities.ParseLarge)],
        };

    /// <summary>"65001 {65002 65003} 65004" -> sequence, set, sequence; "(65010)" a confederation sequence.</summary>
    public static AsPath ParsePath(string text)
    {
        var segments = ImmutableArray.CreateBuilder<AsPathSegment>();
        var current = new List<uint>();
        var type = AsPathSegmentType.AsSequence;
        void Flush()
        {
            if (current.Count > 0) segments.Add(new AsPathSegment(type, [.. current]));
            current.Clear();
        }
        foreach (string raw in Words(text.Replace("{", " { ").Replace("}", " } ").Replace("(", " ( ").Replace(")", " ) ")))
        {
            switch (raw)
            {
                case "{": Flush(); type = AsPathSegmentType.AsSet; break;
                case "(": Flush(); type = AsPathSegmentType.AsConfedSequence; break;
                case "}" or ")": Flush(); type = AsPathSegmentType.AsSequence; break;
                default: current.Add(uint.Parse(raw)); break;
            }
        }
        Flush();
        return segments.Count == 0 ? AsPath.Empty : new AsPath(segments.ToImmutable());
    }

    public static RouteContext Route(string prefix, PathAttributes? attributes = null, RouteSource? source = null, string? nextHop = null) =>
        new(Prefix.Parse(prefix), attributes ?? Attrs(), nextHop is null ? null : IPAddress.Parse(nextHop),
            source ?? RouteSource.Ebgp(EbgpPeer, 65001), LocalAs);

    public static PolicyTerm Term(string name, RouteMatch[] matches, params RouteAction[] actions) =>
        new(name, [.. matches], [.. actions]);

    public static Filter FilterOf(string name, PolicyVerdict defaultVerdict, params PolicyTerm[] terms) =>
        new(name, [.. terms], defaultVerdict);

    public static IEnumerable<string> Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

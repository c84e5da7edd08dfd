using System.Text.Json;
using Bgp.Api.V1;
using Bgp.Cli.Output;

namespace Bgp.Cli.Json;

/// <summary>
/// One route as a JSON object: a line of <c>routes --json</c>, a path of <c>explain --json</c>, the best
/// path of a <c>watch --json</c> event. Absent attributes are null (localPref, med, originatorId, ...),
/// lists are always arrays, origin is IGP/EGP/INCOMPLETE as in decode's output.
/// </summary>
internal static class RouteJsonWriter
{
    public static void Write(Utf8JsonWriter json, Route route)
    {
        json.WriteStartObject();
        WriteFields(json, route);
        json.WriteEndObject();
    }

    /// <summary>
    /// The route's fields into an object the caller opened (explain adds its verdict beside them and passes
    /// the verdict's <paramref name="best"/>, which is what its answer is about).
    /// </summary>
    public static void WriteFields(Utf8JsonWriter json, Route route, bool? best = null)
    {
        json.WriteString("prefix", route.Prefix);
        PeerJsonWriter.WriteOptionalString(json, "family", ApiText.Family(route.Family));
        json.WriteNumber("pathId", route.PathId);
        PeerJsonWriter.WriteOptionalString(json, "nextHop", route.NextHop);
        PeerJsonWriter.WriteOptionalString(json, "nextHopLinkLocal", route.NextHopLinkLocal);
        json.WriteString("asPath", route.AsPath);
        PeerJsonWriter.WriteOptionalString(json, "origin", ApiText.Origin(route.Origin));
        if (route.HasLocalPref) json.WriteNumber("localPref", route.LocalPref);
        else json.WriteNull("localPref");
        if (route.HasMed) json.WriteNumber("med", route.Med);
        else json.WriteNull("med");
        PeerJsonWriter.WriteStrings(json, "communities", route.Communities);
        PeerJsonWriter.WriteStrings(json, "largeCommunities", route.LargeCommunities);
        PeerJsonWriter.WriteStrings(json, "extendedCommunities", route.ExtendedCommunities);
        PeerJsonWriter.WriteOptionalString(json, "originatorId", route.OriginatorId);
        PeerJsonWriter.WriteStrings(json, "clusterList", route.ClusterList);
        json.WriteBoolean("atomicAggregate", route.AtomicAggregate);
        PeerJsonWriter.WriteOptionalString(json, "aggregator", route.Aggregator);
        json.WriteString("peer", route.Peer);
        json.WriteBoolean("best", best ?? route.Best);
        json.WriteBoolean("multipath", route.Multipath);
        json.WriteBoolean("stale", route.Stale);
        PeerJsonWriter.WriteOptionalString(json, "receivedAt", ApiText.Time(route.ReceivedAt));
    }
}

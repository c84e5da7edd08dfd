using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Messages;

namespace Bgp.Cli.Json;

internal static partial class MessageJsonWriter
{
    /// <summary>
    /// UPDATE (RFC 4271 4.3, RFC 4760). Routes of the families we route (IPv4/IPv6 unicast) are merged
    /// into "withdrawn" and "nlri" in wire order (the Withdrawn Routes field before MP_UNREACH_NLRI,
    /// MP_REACH_NLRI before the NLRI field); other families stay raw in "mpReach" / "mpUnreach".
    /// When a family was read with ADD-PATH, "withdrawnPathIds" / "nlriPathIds" run beside the prefix
    /// lists, index for index, with null for prefixes of a family that carries no path identifier.
    /// </summary>
    private static void WriteUpdate(Utf8JsonWriter json, UpdateMessage u, CodecOptions options)
    {
        var unreach = u.MpUnreach is { } mu && mu.Family.IsUnicastIp ? mu : null;
        var reach = u.MpReach is { } mr && mr.Family.IsUnicastIp ? mr : null;

        WriteRoutes(json, "withdrawn", "withdrawnPathIds", options,
            u.Withdrawn, AfiSafi.Ipv4Unicast, unreach?.Withdrawn ?? [], unreach?.Family ?? AfiSafi.Ipv6Unicast);
        WriteRoutes(json, "nlri", "nlriPathIds", options,
            reach?.Nlri ?? [], reach?.Family ?? AfiSafi.Ipv6Unicast, u.Nlri, AfiSafi.Ipv4Unicast);

        var a = u.Attributes;
        WriteNextHops(json, a.NextHop, reach);
        if (a.Origin is { } origin)
            json.WriteString("origin", origin switch { Origin.Igp => "IGP", Origin.Egp => "EGP", _ => "INCOMPLETE" });
        if (a.AsPath is { } path) WriteAsPath(json, "asPath", path);
        // AS4_PATH / AS4_AGGREGATOR come from 2-octet speakers (RFC 6793 4.2.3): shown as sent, not merged.
        if (a.As4Path is { } path4) WriteAsPath(json, "as4Path", path4);
        if (a.MultiExitDisc is { } med) json.WriteNumber("med", med);
        if (a.LocalPref is { } localPref) json.WriteNumber("localPref", localPref);
        if (a.AtomicAggregate) json.WriteBoolean("atomicAggregate", true);
        if (a.Aggregator is { } agg) WriteAggregator(json, "aggregator", agg);
        if (a.As4Aggregator is { } agg4) WriteAggregator(json, "as4Aggregator", agg4);
        if (a.Communities.Length > 0)
        {
            json.WriteStartArray("communities");
            foreach (uint c in a.Communities) json.WriteStringValue(WellKnownCommunity.Format(c));
            json.WriteEndArray();
        }
        if (a.LargeCommunities.Length > 0)
        {
            json.WriteStartArray("largeCommunities");
            foreach (var c in a.LargeCommunities) json.WriteStringValue(c.ToString());
            json.WriteEndArray();
        }
        if (a.ExtendedCommunities.Length > 0)
        {
            json.WriteStartArray("extCommunities");
            foreach (var c in a.ExtendedCommunities) json.WriteStringValue(c.ToString());
            json.WriteEndArray();
        }
        if (a.OriginatorId is { } originator) json.WriteString("originatorId", RouterId.Format(originator));
        if (a.ClusterList.Length > 0)
        {
            json.WriteStartArray("clusterList");
            foreach (uint id in a.ClusterList) json.WriteStringValue(RouterId.Format(id));
            json.WriteEndArray();
        }
        if (a.OnlyToCustomer is { } otc) json.WriteNumber("onlyToCustomer", otc);
        if (a.Unknown.Length > 0)
        {
            json.WriteStartArray("otherAttributes");
            foreach (var raw in a.Unknown)
            {
                json.WriteStartObject();
                json.WriteNumber("type", raw.TypeCode);
                json.WriteString("flags", $"0x{(byte)raw.Flags:x2}");
                json.WriteString("value", Convert.ToHexStringLower(raw.Value.AsSpan()));
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }

        if (u.MpReach is { } otherReach && reach is null) WriteRawMpReach(json, otherReach);
        if (u.MpUnreach is { } otherUnreach && unreach is null && u.EndOfRib is null) WriteRawMpUnreach(json, otherUnreach);
        if (u.EndOfRib is { } eor) json.WriteString("endOfRib", eor.ToString());

        if (u.Errors.Length > 0)
        {
            json.WriteStartArray("errors");
            foreach (var e in u.Errors)
            {
                json.WriteStartObject();
                WriteErrorFields(json, e);
                json.WriteString("action", ActionName(e.Action));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (u.TreatAsWithdraw) json.WriteBoolean("treatAsWithdraw", true);
        }
    }

    /// <summary>Two runs of routes (in wire order) as one prefix list, plus the parallel path-id list when needed.</summary>
    private static void WriteRoutes(Utf8JsonWriter json, string name, string pathIdName, CodecOptions options,
        ImmutableArray<Nlri> first, AfiSafi firstFamily, ImmutableArray<Nlri> second, AfiSafi secondFamily)
    {
        if (first.Length + second.Length == 0) return;
        json.WriteStartArray(name);
        foreach (var n in first) json.WriteStringValue(n.Prefix.ToString());
        foreach (var n in second) json.WriteStringValue(n.Prefix.ToString());
        json.WriteEndArray();

        bool firstIds = first.Length > 0 && options.ReceivesPathId(firstFamily);
        bool secondIds = second.Length > 0 && options.ReceivesPathId(secondFamily);
        if (!firstIds && !secondIds) return;
        json.WriteStartArray(pathIdName);
        WritePathIds(json, first, firstIds);
        WritePathIds(json, second, secondIds);
        json.WriteEndArray();
    }

    private static void WritePathIds(Utf8JsonWriter json, ImmutableArray<Nlri> routes, bool hasIds)
    {
        foreach (var n in routes)
        {
            if (hasIds) json.WriteNumberValue(n.PathId);
            else json.WriteNullValue();
        }
    }

    /// <summary>
    /// "nextHop" is NEXT_HOP (type 3), or the MP_REACH_NLRI next hop when there is no NEXT_HOP; when both
    /// are present the MP_REACH_NLRI one is "mpNextHop". The RFC 2545 3 link-local address is "linkLocalNextHop".
    /// </summary>
    private static void WriteNextHops(Utf8JsonWriter json, IPAddress? nextHop, MpReachNlri? reach)
    {
        if (nextHop is not null) json.WriteString("nextHop", nextHop.ToString());
        if (reach is null) return;
        if (reach.NextHop is { } mpNextHop)
        {
            if (nextHop is null) json.WriteString("nextHop", mpNextHop.ToString());
            else if (!mpNextHop.Equals(nextHop)) json.WriteString("mpNextHop", mpNextHop.ToString());
        }
        if (reach.LinkLocalNextHop is { } linkLocal) json.WriteString("linkLocalNextHop", linkLocal.ToString());
    }

    /// <summary>An AS path as a list: AS_SEQUENCE numbers inline, each AS_SET a nested list (RFC 4271 4.3),
    /// confederation segments (RFC 5065) as {"confedSequence": [...]} / {"confedSet": [...]}.</summary>
    private static void WriteAsPath(Utf8JsonWriter json, string name, AsPath path)
    {
        json.WriteStartArray(name);
        foreach (var segment in path.Segments)
        {
            switch (segment.Type)
            {
                case AsPathSegmentType.AsSequence:
                    foreach (uint asn in segment.Asns) json.WriteNumberValue(asn);
                    break;
                case AsPathSegmentType.AsSet:
                    WriteAsnList(json, segment.Asns);
                    break;
                default:
                    json.WriteStartObject();
                    json.WritePropertyName(segment.Type == AsPathSegmentType.AsConfedSequence ? "confedSequence" : "confedSet");
                    WriteAsnList(json, segment.Asns);
                    json.WriteEndObject();
                    break;
            }
        }
        json.WriteEndArray();
    }

    private static void WriteAsnList(Utf8JsonWriter json, ImmutableArray<uint> asns)
    {
        json.WriteStartArray();
        foreach (uint asn in asns) json.WriteNumberValue(asn);
        json.WriteEndArray();
    }

    private static void WriteAggregator(Utf8JsonWriter json, string name, Aggregator aggregator)
    {
        json.WriteStartObject(name);
        json.WriteNumber("asn", aggregator.Asn);
        json.WriteString("address", RouterId.Format(aggregator.Address));
        json.WriteEndObject();
    }

    /// <summary>MP_REACH_NLRI of a family we carry but do not route (RFC 4760 3): the next hop and NLRI as hex.</summary>
    private static void WriteRawMpReach(Utf8JsonWriter json, MpReachNlri reach)
    {
        json.WriteStartObject("mpReach");
        WriteFamily(json, reach.Family);
        if (reach.NextHop is { } nh) json.WriteString("nextHop", nh.ToString());
        if (reach.LinkLocalNextHop is { } ll) json.WriteString("linkLocalNextHop", ll.ToString());
        json.WriteString("nextHopHex", Convert.ToHexStringLower(reach.NextHopBytes.AsSpan()));
        json.WriteString("nlri", Convert.ToHexStringLower(reach.RawNlri.AsSpan()));
        json.WriteEndObject();
    }

    /// <summary>MP_UNREACH_NLRI of a family we carry but do not route (RFC 4760 4): the withdrawn routes as hex.</summary>
    private static void WriteRawMpUnreach(Utf8JsonWriter json, MpUnreachNlri unreach)
    {
        json.WriteStartObject("mpUnreach");
        WriteFamily(json, unreach.Family);
        json.WriteString("withdrawn", Convert.ToHexStringLower(unreach.RawWithdrawn.AsSpan()));
        json.WriteEndObject();
    }

    private static string ActionName(ErrorAction action) => action switch
    {
        ErrorAction.SessionReset => "session-reset",
        ErrorAction.TreatAsWithdraw => "treat-as-withdraw",
        ErrorAction.AttributeDiscard => "attribute-discard",
        _ => "ignore",
    };
}

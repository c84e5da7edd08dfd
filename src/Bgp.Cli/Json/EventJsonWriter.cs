using System.Text.Json;
using Bgp.Api.V1;
using Bgp.Cli.Output;

namespace Bgp.Cli.Json;

/// <summary>
/// One <c>watch --json</c> event: {"at", "type": "peer", "peer", "asn", "from", "to", "reason"} or
/// {"at", "type": "bestPath", "prefix", "family", "withdrawn", "best": route object or null}.
/// </summary>
internal static class EventJsonWriter
{
    public static void Write(Utf8JsonWriter json, WatchEventsResponse e)
    {
        json.WriteStartObject();
        PeerJsonWriter.WriteOptionalString(json, "at", ApiText.Time(e.At));
        switch (e.EventCase)
        {
            case WatchEventsResponse.EventOneofCase.Peer:
                json.WriteString("type", "peer");
                json.WriteString("peer", e.Peer.PeerAddress);
                json.WriteNumber("asn", e.Peer.Asn);
                json.WriteString("from", ApiText.State(e.Peer.From));
                json.WriteString("to", ApiText.State(e.Peer.To));
                PeerJsonWriter.WriteOptionalString(json, "reason", e.Peer.Reason);
                break;
            case WatchEventsResponse.EventOneofCase.BestPath:
                json.WriteString("type", "bestPath");
                json.WriteString("prefix", e.BestPath.Prefix);
                PeerJsonWriter.WriteOptionalString(json, "family", ApiText.Family(e.BestPath.Family));
                json.WriteBoolean("withdrawn", e.BestPath.Withdrawn || e.BestPath.Best is null);
                if (e.BestPath.Best is { } best)
                {
                    json.WritePropertyName("best");
                    RouteJsonWriter.Write(json, best);
                }
                else
                {
                    json.WriteNull("best");
                }
                break;
            default:
                // A newer bgpd may send kinds this bgpctl does not know; say so rather than drop the line.
                json.WriteString("type", "unknown");
                break;
        }
        json.WriteEndObject();
    }
}

using System.Text.Json;
using Bgp.Api.V1;
using Bgp.Cli.Output;

namespace Bgp.Cli.Json;

/// <summary>
/// One peer as a JSON object for <c>peers --json</c> and <c>peer ADDR --json</c>. The flat keys scripts
/// rely on come first (address, asn, state, prefixesReceived/Accepted/Advertised, uptimeSeconds, lastError);
/// the rest nests by concern (negotiated, counters, config, lastErrorDetail). Field list: README.md.
/// </summary>
internal static class PeerJsonWriter
{
    public static void Write(Utf8JsonWriter json, Peer peer)
    {
        var counters = peer.Counters ?? new PeerCounters();
        json.WriteStartObject();
        json.WriteString("address", peer.Address);
        json.WriteNumber("asn", peer.Asn);
        json.WriteString("state", ApiText.State(peer.State));
        json.WriteNumber("prefixesReceived", counters.PrefixesReceived);
        json.WriteNumber("prefixesAccepted", counters.PrefixesAccepted);
        json.WriteNumber("prefixesAdvertised", counters.PrefixesAdvertised);
        json.WriteNumber("uptimeSeconds", peer.UptimeSeconds);
        if (peer.LastError is { Text.Length: > 0 } error) json.WriteString("lastError", error.Text);
        else json.WriteNull("lastError");
        json.WriteString("description", peer.Config?.Description ?? "");
        json.WriteBoolean("enabled", peer.Enabled);
        json.WriteBoolean("internal", peer.IsInternal);
        WriteOptionalString(json, "stateSince", ApiText.Time(peer.StateSince));
        WriteNegotiated(json, peer.Negotiated);
        WriteCounters(json, counters);
        if (peer.LastError is { } e) WriteError(json, e);
        if (peer.Config is { } config) WriteConfig(json, config);
        json.WriteEndObject();
    }

    private static void WriteNegotiated(Utf8JsonWriter json, NegotiatedCapabilities? n)
    {
        if (n is null)
        {
            json.WriteNull("negotiated");
            return;
        }
        json.WriteStartObject("negotiated");
        json.WriteNumber("holdTime", n.HoldTime);
        json.WriteNumber("keepaliveTime", n.KeepaliveTime);
        json.WriteString("peerRouterId", n.PeerRouterId);
        WriteFamilies(json, "families", n.Families);
        json.WriteBoolean("fourOctetAs", n.FourOctetAs);
        json.WriteBoolean("routeRefresh", n.RouteRefresh);
        json.WriteBoolean("enhancedRouteRefresh", n.EnhancedRouteRefresh);
        json.WriteBoolean("extendedMessage", n.ExtendedMessage);
        WriteFamilies(json, "addPathSend", n.AddPathSend);
        WriteFamilies(json, "addPathReceive", n.AddPathReceive);
        json.WriteBoolean("gracefulRestart", n.GracefulRestart);
        WriteStrings(json, "peerCapabilities", n.PeerCapabilities);
        json.WriteString("localAddress", n.LocalAddress);
        json.WriteNumber("localPort", n.LocalPort);
        json.WriteNumber("remotePort", n.RemotePort);
        json.WriteEndObject();
    }

    private static void WriteCounters(Utf8JsonWriter json, PeerCounters c)
    {
        json.WriteStartObject("counters");
        json.WriteNumber("messagesIn", c.MessagesIn);
        json.WriteNumber("messagesOut", c.MessagesOut);
        json.WriteNumber("updatesIn", c.UpdatesIn);
        json.WriteNumber("updatesOut", c.UpdatesOut);
        json.WriteNumber("notificationsIn", c.NotificationsIn);
        json.WriteNumber("notificationsOut", c.NotificationsOut);
        json.WriteNumber("keepalivesIn", c.KeepalivesIn);
        json.WriteNumber("keepalivesOut", c.KeepalivesOut);
        json.WriteNumber("routeRefreshesIn", c.RouteRefreshesIn);
        json.WriteNumber("routeRefreshesOut", c.RouteRefreshesOut);
        json.WriteNumber("establishedTransitions", c.EstablishedTransitions);
        json.WriteEndObject();
    }

    private static void WriteError(Utf8JsonWriter json, PeerError e)
    {
        json.WriteStartObject("lastErrorDetail");
        json.WriteString("text", e.Text);
        json.WriteNumber("code", e.Code);
        json.WriteNumber("subcode", e.Subcode);
        json.WriteBoolean("sent", e.Sent);
        json.WriteString("shutdownCommunication", e.ShutdownCommunication);
        WriteOptionalString(json, "at", ApiText.Time(e.At));
        json.WriteEndObject();
    }

    private static void WriteConfig(Utf8JsonWriter json, PeerConfig c)
    {
        json.WriteStartObject("config");
        json.WriteString("peerIP", c.PeerIp);
        json.WriteNumber("asNumber", c.AsNumber);
        json.WriteBoolean("passive", c.Passive);
        json.WriteBoolean("hasPassword", c.HasPassword);
        json.WriteBoolean("routeReflectorClient", c.RouteReflectorClient);
        json.WriteNumber("holdTime", c.HoldTime);
        json.WriteNumber("keepaliveTime", c.KeepaliveTime);
        WriteFamilies(json, "families", c.Families);
        json.WriteString("importFilter", c.ImportFilter);
        json.WriteString("exportFilter", c.ExportFilter);
        json.WriteString("sourceAddress", c.SourceAddress);
        json.WriteBoolean("ttlSecurity", c.TtlSecurity);
        json.WriteBoolean("nextHopSelf", c.NextHopSelf);
        json.WriteBoolean("keepOriginalNextHop", c.KeepOriginalNextHop);
        json.WriteNumber("numAllowedLocalAsNumbers", c.NumAllowedLocalAsNumbers);
        json.WriteBoolean("addPathSend", c.AddPathSend);
        json.WriteBoolean("addPathReceive", c.AddPathReceive);
        json.WriteBoolean("addPathSendEcmp", c.AddPathSendEcmp);
        json.WriteNumber("addPathSendMaxPaths", c.AddPathSendMaxPaths);
        json.WriteNumber("maxPrefixes", c.MaxPrefixes);
        json.WriteBoolean("maxPrefixesWarnOnly", c.MaxPrefixesWarnOnly);
        json.WriteBoolean("gracefulRestart", c.GracefulRestart);
        json.WriteNumber("maxRestartTime", c.MaxRestartTime);
        json.WriteEndObject();
    }

    internal static void WriteFamilies(Utf8JsonWriter json, string name, IEnumerable<Family> families)
    {
        json.WriteStartArray(name);
        foreach (var f in families)
            if (ApiText.Family(f) is { } text) json.WriteStringValue(text);
        json.WriteEndArray();
    }

    internal static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> items)
    {
        json.WriteStartArray(name);
        foreach (string s in items) json.WriteStringValue(s);
        json.WriteEndArray();
    }

    internal static void WriteOptionalString(Utf8JsonWriter json, string name, string? value)
    {
        if (string.IsNullOrEmpty(value)) json.WriteNull(name);
        else json.WriteString(name, value);
    }
}

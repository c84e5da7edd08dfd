using System.Text.Json;
using Bgp.Api.V1;
using Bgp.Cli.Output;

namespace Bgp.Cli.Json;

/// <summary><c>global --json</c>: the speaker's settings and sizes as one object, keys as the proto's in camelCase.</summary>
internal static class GlobalJsonWriter
{
    public static void Write(Utf8JsonWriter json, Global g)
    {
        json.WriteStartObject();
        json.WriteNumber("asn", g.AsNumber);
        json.WriteString("routerId", g.RouterId);
        PeerJsonWriter.WriteOptionalString(json, "listenAddress", g.ListenAddress);
        json.WriteNumber("listenPort", g.ListenPort);
        PeerJsonWriter.WriteOptionalString(json, "routeReflectorClusterId", g.RouteReflectorClusterId);
        json.WriteNumber("maxPaths", g.MaxPaths);
        json.WriteString("version", g.Version);
        json.WriteString("configPath", g.ConfigPath);
        PeerJsonWriter.WriteOptionalString(json, "startedAt", ApiText.Time(g.StartedAt));
        json.WriteNumber("uptimeSeconds", g.UptimeSeconds);
        json.WriteStartArray("ribSizes");
        foreach (var size in g.RibSizes)
        {
            json.WriteStartObject();
            PeerJsonWriter.WriteOptionalString(json, "family", ApiText.Family(size.Family));
            json.WriteNumber("prefixes", size.Prefixes);
            json.WriteNumber("paths", size.Paths);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNumber("peersConfigured", g.PeersConfigured);
        json.WriteNumber("peersEstablished", g.PeersEstablished);
        json.WriteNumber("originatedPrefixes", g.OriginatedPrefixes);
        json.WriteBoolean("kernelEnabled", g.KernelEnabled);
        json.WriteNumber("kernelTable", g.KernelTable);
        json.WriteNumber("kernelProtocol", g.KernelProtocol);
        json.WriteNumber("kernelRoutesInstalled", g.KernelRoutesInstalled);
        json.WriteEndObject();
    }
}

using System.Text.Json;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;

namespace Bgp.Cli.Json;

internal static partial class MessageJsonWriter
{
    /// <summary>OPEN (RFC 4271 4.2) and its capabilities (RFC 5492), each as an object with its code and name.</summary>
    private static void WriteOpen(Utf8JsonWriter json, OpenMessage open)
    {
        json.WriteNumber("version", open.Version);
        json.WriteNumber("asn", open.Asn);
        // My Autonomous System differs from the real AS only when it is AS_TRANS (RFC 6793 4.1).
        if (open.MyAs != open.Asn) json.WriteNumber("myAs", open.MyAs);
        json.WriteNumber("holdTime", open.HoldTime);
        json.WriteString("routerId", RouterId.Format(open.BgpIdentifier));
        json.WriteStartArray("capabilities");
        foreach (var cap in open.Capabilities) WriteCapability(json, cap);
        json.WriteEndArray();
    }

    private static void WriteCapability(Utf8JsonWriter json, Capability cap)
    {
        json.WriteStartObject();
        json.WriteNumber("code", cap.Code);
        string? name = CapabilityName(cap.Code);
        if (name is not null) json.WriteString("name", name);
        switch (cap)
        {
            case MultiprotocolCapability mp:
                json.WriteNumber("afi", (ushort)mp.Family.Afi);
                json.WriteNumber("safi", (byte)mp.Family.Safi);
                break;
            case FourOctetAsCapability four:
                json.WriteNumber("asn", four.Asn);
                break;
            case RoleCapability role:
                json.WriteString("role", role.Role switch
                {
                    BgpRole.Provider => "provider",
                    BgpRole.RouteServer => "rs",
                    BgpRole.RouteServerClient => "rs-client",
                    BgpRole.Customer => "customer",
                    BgpRole.Peer => "peer",
                    _ => ((byte)role.Role).ToString(System.Globalization.CultureInfo.InvariantCulture),
                });
                break;
            case ExtendedNextHopCapability enh:
                json.WriteStartArray("families");
                foreach (var e in enh.Entries)
                {
                    json.WriteStartObject();
                    WriteFamily(json, e.Family);
                    json.WriteNumber("nextHopAfi", (ushort)e.NextHopAfi);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                break;
            case GracefulRestartCapability gr:
                json.WriteBoolean("restartState", gr.RestartState);
                json.WriteBoolean("notification", gr.NotificationSupport);
                json.WriteNumber("restartTime", gr.RestartTime);
                json.WriteStartArray("families");
                foreach (var f in gr.Families)
                {
                    json.WriteStartObject();
                    WriteFamily(json, f.Family);
                    json.WriteBoolean("forwardingState", f.ForwardingStatePreserved);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                break;
            case AddPathCapability ap:
                json.WriteStartArray("families");
                foreach (var f in ap.Families)
                {
                    json.WriteStartObject();
                    WriteFamily(json, f.Family);
                    json.WriteBoolean("send", (f.Direction & AddPathDirection.Send) != 0);
                    json.WriteBoolean("receive", (f.Direction & AddPathDirection.Receive) != 0);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                break;
            case LongLivedGracefulRestartCapability llgr:
                json.WriteStartArray("families");
                foreach (var f in llgr.Families)
                {
                    json.WriteStartObject();
                    WriteFamily(json, f.Family);
                    json.WriteBoolean("forwardingState", f.ForwardingStatePreserved);
                    json.WriteNumber("staleTime", f.StaleTime);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                break;
            case FqdnCapability fqdn:
                json.WriteString("hostName", fqdn.HostName);
                json.WriteString("domainName", fqdn.DomainName);
                break;
            case UnknownCapability unknown:
                json.WriteString("value", Convert.ToHexStringLower(unknown.Value));
                break;
        }
        json.WriteEndObject();
    }

    /// <summary>Short names from the IANA "Capability Codes" registry; null for codes it does not name.</summary>
    private static string? CapabilityName(byte code) => code switch
    {
        1 => "multiprotocol",
        2 => "route-refresh",
        3 => "outbound-route-filtering",
        5 => "extended-next-hop",
        6 => "extended-message",
        7 => "bgpsec",
        8 => "multiple-labels",
        9 => "role",
        64 => "graceful-restart",
        65 => "4-octet-as",
        67 => "dynamic-capability",
        68 => "multisession",
        69 => "add-path",
        70 => "enhanced-route-refresh",
        71 => "long-lived-graceful-restart",
        72 => "routing-policy-distribution",
        73 => "fqdn",
        74 => "bfd",
        75 => "software-version",
        // Pre-standard codes from the private-use range that Cisco still sends.
        128 => "route-refresh-cisco",
        130 => "outbound-route-filtering-cisco",
        131 => "multisession-cisco",
        _ => null,
    };
}

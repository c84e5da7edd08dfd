using System.Buffers.Binary;
using System.Text.Json;
using Bgp.Cli.Decode;
using Bgp.Protocol;
using Bgp.Protocol.Messages;

namespace Bgp.Cli.Json;

/// <summary>
/// Writes one decoded BGP message, or the error it gave, as one JSON object. Fields follow the RFC
/// names in camelCase and appear only when the message has them, so a KEEPALIVE is just its type and
/// length. Written with <see cref="Utf8JsonWriter"/> field by field: no reflection, nothing for the
/// trimmer to keep. The field list is in <see cref="Commands.DecodeCommand.Usage"/>.
/// </summary>
internal static partial class MessageJsonWriter
{
    /// <summary>Writes the object for one message line: the decoded message or its error.</summary>
    public static void Write(Utf8JsonWriter json, byte[] raw, DecodeAttempt attempt)
    {
        json.WriteStartObject();
        if (attempt.Result.Success)
        {
            var message = attempt.Result.Message;
            WriteHeader(json, raw);
            switch (message)
            {
                case OpenMessage open: WriteOpen(json, open); break;
                case UpdateMessage update: WriteUpdate(json, update, attempt.Options); break;
                case NotificationMessage notification: WriteNotification(json, notification); break;
                case RouteRefreshMessage refresh: WriteRouteRefresh(json, refresh); break;
            }
        }
        else
        {
            // The header fields help find the message when it is readable enough to have them.
            if (HasSaneHeader(raw)) WriteHeader(json, raw);
            var error = attempt.Result.Error;
            json.WriteStartObject("error");
            WriteErrorFields(json, error);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    /// <summary>Writes the object for a line that is not hex at all: there is no message, so no NOTIFICATION either.</summary>
    public static void WriteNotHex(Utf8JsonWriter json, int lineNumber, string problem)
    {
        json.WriteStartObject();
        json.WriteStartObject("error");
        json.WriteString("name", "not hex");
        json.WriteString("reason", problem);
        json.WriteNumber("line", lineNumber);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static bool HasSaneHeader(byte[] raw) =>
        raw.Length >= BgpConstants.HeaderLength
        && raw.AsSpan(0, BgpConstants.MarkerLength).IndexOfAnyExcept((byte)0xFF) < 0
        && raw[18] is >= 1 and <= 5;

    private static void WriteHeader(Utf8JsonWriter json, byte[] raw)
    {
        json.WriteString("type", TypeName((MessageType)raw[18]));
        json.WriteNumber("length", BinaryPrimitives.ReadUInt16BigEndian(raw.AsSpan(16)));
    }

    private static string TypeName(MessageType type) => type switch
    {
        MessageType.Open => "OPEN",
        MessageType.Update => "UPDATE",
        MessageType.Notification => "NOTIFICATION",
        MessageType.Keepalive => "KEEPALIVE",
        _ => "ROUTE-REFRESH",
    };

    /// <summary>code, subcode, name, reason, and the NOTIFICATION data when there is any.</summary>
    private static void WriteErrorFields(Utf8JsonWriter json, BgpError error)
    {
        json.WriteNumber("code", (byte)error.Code);
        json.WriteNumber("subcode", error.Subcode);
        json.WriteString("name", NotificationNames.Describe(error.Code, error.Subcode));
        json.WriteString("reason", error.Reason);
        if (error.Data.Length > 0) json.WriteString("data", Convert.ToHexStringLower(error.Data));
    }

    /// <summary>NOTIFICATION (RFC 4271 4.5), with the RFC 9003 shutdown communication decoded where there is one.</summary>
    private static void WriteNotification(Utf8JsonWriter json, NotificationMessage n)
    {
        json.WriteNumber("code", (byte)n.Code);
        json.WriteNumber("subcode", n.Subcode);
        json.WriteString("codeName", NotificationNames.CodeName(n.Code));
        json.WriteString("subcodeName", NotificationNames.SubcodeName(n.Code, n.Subcode));
        json.WriteString("data", Convert.ToHexStringLower(n.Data.AsSpan()));
        if (n.ShutdownCommunication is { } text) json.WriteString("shutdownCommunication", text);
    }

    /// <summary>ROUTE-REFRESH (RFC 2918, RFC 7313 subtypes); ORF entries (RFC 5291) as hex.</summary>
    private static void WriteRouteRefresh(Utf8JsonWriter json, RouteRefreshMessage r)
    {
        WriteFamily(json, r.Family);
        json.WriteString("subtype", r.Subtype switch
        {
            RouteRefreshSubtype.Normal => "normal",
            RouteRefreshSubtype.BeginningOfRouteRefresh => "BoRR",
            RouteRefreshSubtype.EndOfRouteRefresh => "EoRR",
            _ => ((byte)r.Subtype).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        if (r.OrfData.Length > 0) json.WriteString("orf", Convert.ToHexStringLower(r.OrfData.AsSpan()));
    }

    /// <summary>"afi", "safi" as numbers and "family" as BIRD/GoBGP name it.</summary>
    private static void WriteFamily(Utf8JsonWriter json, AfiSafi family)
    {
        json.WriteNumber("afi", (ushort)family.Afi);
        json.WriteNumber("safi", (byte)family.Safi);
        json.WriteString("family", family.ToString());
    }
}

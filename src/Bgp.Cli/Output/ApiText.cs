using System.Globalization;
using System.Text;
using Bgp.Api.V1;
using Google.Protobuf.WellKnownTypes;

namespace Bgp.Cli.Output;

/// <summary>
/// The words bgpctl shows for the API's enums and numbers, in tables and JSON alike: RFC 4271 state names
/// (Idle ... Established), ORIGIN as IGP/EGP/INCOMPLETE, families as ipv4/ipv6.
/// </summary>
internal static class ApiText
{
    public static string State(SessionState state) => state switch
    {
        SessionState.Idle => "Idle",
        SessionState.Connect => "Connect",
        SessionState.Active => "Active",
        SessionState.OpenSent => "OpenSent",
        SessionState.OpenConfirm => "OpenConfirm",
        SessionState.Established => "Established",
        // A server that leaves the state unset has told us nothing; Idle is the RFC's resting state.
        _ => "Idle",
    };

    public static string? Origin(Bgp.Api.V1.Origin origin) => origin switch
    {
        Bgp.Api.V1.Origin.Igp => "IGP",
        Bgp.Api.V1.Origin.Egp => "EGP",
        Bgp.Api.V1.Origin.Incomplete => "INCOMPLETE",
        _ => null,
    };

    public static string? Family(Bgp.Api.V1.Family family) => family switch
    {
        Bgp.Api.V1.Family.Ipv4 => "ipv4",
        Bgp.Api.V1.Family.Ipv6 => "ipv6",
        _ => null,
    };

    public static string Families(IEnumerable<Bgp.Api.V1.Family> families)
    {
        var sb = new StringBuilder();
        foreach (var f in families)
        {
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(Family(f) ?? "?");
        }
        return sb.Length == 0 ? "-" : sb.ToString();
    }

    /// <summary>Seconds as BIRD-like compact text: "45s", "12m03s", "5h02m03s", "3d04h05m".</summary>
    public static string Duration(ulong seconds)
    {
        ulong d = seconds / 86400, h = seconds / 3600 % 24, m = seconds / 60 % 60, s = seconds % 60;
        var c = CultureInfo.InvariantCulture;
        if (d > 0) return string.Format(c, "{0}d{1:00}h{2:00}m", d, h, m);
        if (h > 0) return string.Format(c, "{0}h{1:00}m{2:00}s", h, m, s);
        if (m > 0) return string.Format(c, "{0}m{1:00}s", m, s);
        return string.Format(c, "{0}s", s);
    }

    /// <summary>RFC 3339 UTC with seconds, or null when the server left it unset.</summary>
    public static string? Time(Timestamp? at) =>
        at is null ? null : at.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Number(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Number(uint value) => value.ToString(CultureInfo.InvariantCulture);

    public static string OptionalNumber(uint? value) => value is { } v ? Number(v) : "-";

    public static string Words(IEnumerable<string> items)
    {
        string joined = string.Join(' ', items);
        return joined.Length == 0 ? "-" : joined;
    }

    public static string YesNo(bool value) => value ? "yes" : "no";
}

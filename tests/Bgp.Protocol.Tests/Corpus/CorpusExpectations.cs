using System.Globalization;
using System.Net;
using System.Text.Json;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;
using Bgp.Testing;

namespace Bgp.Protocol.Tests.Corpus;

/// <summary>
/// Compares a decoded message with tshark's decode of the same bytes (the schema of
/// fixtures/corpus/README.md) and lists every disagreement, so one failing file shows all its faults.
/// Compared: type; OPEN version, AS, hold time, identifier and capabilities (codes in order, 4-octet AS,
/// multiprotocol and ADD-PATH families); UPDATE prefixes (withdrawn, NLRI and the unicast MP_REACH /
/// MP_UNREACH routes), next hops, AS_PATH / AS4_PATH, ORIGIN, MED, LOCAL_PREF, communities, large
/// communities, End-of-RIB; the family and raw bytes of every MP family we carry but do not route;
/// NOTIFICATION code, subcode and data; ROUTE-REFRESH family and subtype.
/// </summary>
internal static class CorpusExpectations
{
    /// <param name="nlriOverride">
    /// The announced routes to expect instead of tshark's, where the corpus README names a better reference.
    /// </param>
    public static void Compare(BgpMessage actual, JsonElement expected, List<string> problems, IReadOnlyList<string>? nlriOverride = null)
    {
        int type = expected.GetProperty("type").GetInt32();
        if ((int)actual.Type != type)
        {
            problems.Add($"type {(int)actual.Type}, tshark says {type}");
            return;
        }
        switch (actual)
        {
            case OpenMessage open when expected.TryGetProperty("open", out var o):
                CompareOpen(open, o, problems);
                break;
            case UpdateMessage update when expected.TryGetProperty("update", out var u):
                CompareUpdate(update, u, problems, nlriOverride);
                break;
            case NotificationMessage n when expected.TryGetProperty("notification", out var e):
                Check(problems, "notification code", (int)n.Code, e.GetProperty("code").GetInt32());
                Check(problems, "notification subcode", (int)n.Subcode, e.GetProperty("subcode").GetInt32());
                if (e.TryGetProperty("data_hex", out var data))
                    Check(problems, "notification data", Hex.Of(n.Data.AsSpan()), data.GetString() ?? "");
                break;
            case RouteRefreshMessage rr when expected.TryGetProperty("route_refresh", out var e):
                Check(problems, "route refresh afi", (int)rr.Family.Afi, e.GetProperty("afi").GetInt32());
                Check(problems, "route refresh safi", (int)rr.Family.Safi, e.GetProperty("safi").GetInt32());
                Check(problems, "route refresh subtype", (int)rr.Subtype, e.GetProperty("subtype").GetInt32());
                break;
        }
    }

    private static void CompareOpen(OpenMessage open, JsonElement e, List<string> problems)
    {
        Check(problems, "version", (int)open.Version, e.GetProperty("version").GetInt32());
        Check(problems, "my_as", (int)open.MyAs, e.GetProperty("my_as").GetInt32());
        Check(problems, "hold_time", (int)open.HoldTime, e.GetProperty("hold_time").GetInt32());
        Check(problems, "bgp_id", RouterIdText(open.BgpIdentifier), e.GetProperty("bgp_id").GetString());

        var caps = e.GetProperty("capabilities").EnumerateArray().ToList();
        var expectedCodes = caps.Select(c => c.GetProperty("code").GetInt32()).ToList();
        var actualCodes = open.Capabilities.Select(c => (int)c.Code).ToList();
        if (!expectedCodes.SequenceEqual(actualCodes))
        {
            problems.Add($"capability codes [{string.Join(',', actualCodes)}], tshark says [{string.Join(',', expectedCodes)}]");
            return;
        }
        for (int i = 0; i < caps.Count; i++)
        {
            if (!caps[i].TryGetProperty("fields", out var f)) continue;
            switch (open.Capabilities[i])
            {
                case FourOctetAsCapability four when f.TryGetProperty("4as", out var asn):
                    Check(problems, "capability 65 AS", four.Asn, asn.GetUInt32());
                    break;
                case MultiprotocolCapability mp:
                    Check(problems, "capability 1 AFI", (int)mp.Family.Afi, f.GetProperty("mp.afi").GetInt32());
                    Check(problems, "capability 1 SAFI", (int)mp.Family.Safi, f.GetProperty("mp.safi").GetInt32());
                    break;
                case AddPathCapability ap:
                {
                    var afi = Ints(f.GetProperty("ap.afi"));
                    var safi = Ints(f.GetProperty("ap.safi"));
                    var dir = Ints(f.GetProperty("ap.sendreceive"));
                    var actual = ap.Families.Select(x => $"{(int)x.Family.Afi}/{(int)x.Family.Safi}:{(int)x.Direction}");
                    var wanted = afi.Select((a, k) => $"{a}/{safi[k]}:{dir[k]}");
                    Check(problems, "capability 69 families", string.Join(' ', actual), string.Join(' ', wanted));
                    break;
                }
            }
        }
    }

    private static void CompareUpdate(UpdateMessage update, JsonElement e, List<string> problems, IReadOnlyList<string>? nlriOverride)
    {
        var withdrawn = new List<string>(Routes(e.GetProperty("withdrawn")));
        var nlri = new List<string>(Routes(e.GetProperty("nlri")));
        bool sawMpReach = false, sawMpUnreach = false;

        foreach (var a in e.GetProperty("attributes").EnumerateArray())
        {
            int t = a.GetProperty("type").GetInt32();
            switch (t)
            {
                case 1 when a.TryGetProperty("origin", out var v):
                    Check(problems, "ORIGIN", (int?)update.Attributes.Origin, v.GetInt32());
                    break;
                case 2 when a.TryGetProperty("as_path", out var v):
                    Check(problems, "AS_PATH", update.Attributes.AsPath?.ToString(), AsPathText(v));
                    break;
                case 17 when a.TryGetProperty("as_path", out var v):
                    Check(problems, "AS4_PATH", update.Attributes.As4Path?.ToString(), AsPathText(v));
                    break;
                case 3 when a.TryGetProperty("next_hop", out var v):
                    Check(problems, "NEXT_HOP", update.Attributes.NextHop?.ToString(), IPAddress.Parse(v.GetString()!).ToString());
                    break;
                case 4 when a.TryGetProperty("med", out var v):
                    Check(problems, "MED", update.Attributes.MultiExitDisc, v.GetUInt32());
                    break;
                case 5 when a.TryGetProperty("local_pref", out var v):
                    Check(problems, "LOCAL_PREF", update.Attributes.LocalPref, v.GetUInt32());
                    break;
                case 8 when a.TryGetProperty("communities", out var v):
                    Check(problems, "COMMUNITIES", string.Join(' ', update.Attributes.Communities),
                        string.Join(' ', v.EnumerateArray().Select(c => Community(c.GetString()!))));
                    break;
                case 32 when a.TryGetProperty("large_communities", out var v):
                    Check(problems, "LARGE_COMMUNITY", string.Join(' ', update.Attributes.LargeCommunities),
                        string.Join(' ', v.EnumerateArray().Select(c => c.GetString())));
                    break;
                case 14 when a.TryGetProperty("mp_reach", out var mp):
                    sawMpReach = true;
                    CompareMpReach(update.MpReach, mp, a, nlri, problems);
                    break;
                case 15 when a.TryGetProperty("mp_unreach", out var mp):
                    sawMpUnreach = true;
                    CompareMpUnreach(update.MpUnreach, mp, a, withdrawn, problems);
                    break;
            }
        }
        if (!sawMpReach && update.MpReach is not null) problems.Add("MP_REACH_NLRI decoded but tshark shows none");
        if (!sawMpUnreach && update.MpUnreach is not null) problems.Add("MP_UNREACH_NLRI decoded but tshark shows none");

        var actualWithdrawn = update.Withdrawn.Select(RouteText).Concat(update.MpUnreach?.Withdrawn.Select(RouteText) ?? []);
        var actualNlri = update.Nlri.Select(RouteText).Concat(update.MpReach?.Nlri.Select(RouteText) ?? []);
        Check(problems, "withdrawn", string.Join(' ', actualWithdrawn), string.Join(' ', withdrawn));
        Check(problems, "NLRI", string.Join(' ', actualNlri), string.Join(' ', nlriOverride ?? nlri));
        if (e.TryGetProperty("end_of_rib", out var eor) && eor.ValueKind == JsonValueKind.True && update.EndOfRib is null)
            problems.Add("tshark calls it End-of-RIB, the decoder does not");
    }

    private static void CompareMpReach(MpReachNlri? mp, JsonElement e, JsonElement attr, List<string> nlri, List<string> problems)
    {
        if (mp is null) { problems.Add("MP_REACH_NLRI missing"); return; }
        var family = new AfiSafi((Afi)e.GetProperty("afi").GetInt32(), (Safi)e.GetProperty("safi").GetInt32());
        Check(problems, "MP_REACH family", mp.Family, family);
        if (e.TryGetProperty("next_hop", out var nh) && nh.TryGetProperty("next_hop", out var nhBytes))
        {
            // tshark shows the next hop length octet followed by the address bytes.
            string wanted = nhBytes.ValueKind == JsonValueKind.String ? Hex.Of(Hex.Bytes(nhBytes.GetString()!).AsSpan(1)) : "";
            Check(problems, "MP_REACH next hop", Hex.Of(mp.NextHopBytes.AsSpan()), wanted);
        }
        if (family.IsUnicastIp)
        {
            if (e.TryGetProperty("nlri", out var routes)) nlri.AddRange(Routes(routes));
            return;
        }
        // A family we carry but do not route: the NLRI bytes must be kept exactly, never decoded.
        if (mp.Nlri.Length != 0) problems.Add($"{family} NLRI were decoded as prefixes");
        if (attr.TryGetProperty("value_hex", out var hex))
        {
            var value = Hex.Bytes(hex.GetString()!);
            Check(problems, $"{family} raw NLRI", Hex.Of(mp.RawNlri.AsSpan()), Hex.Of(value.AsSpan(5 + value[3])));
        }
    }

    private static void CompareMpUnreach(MpUnreachNlri? mp, JsonElement e, JsonElement attr, List<string> withdrawn, List<string> problems)
    {
        if (mp is null) { problems.Add("MP_UNREACH_NLRI missing"); return; }
        var family = new AfiSafi((Afi)e.GetProperty("afi").GetInt32(), (Safi)e.GetProperty("safi").GetInt32());
        Check(problems, "MP_UNREACH family", mp.Family, family);
        if (family.IsUnicastIp)
        {
            if (e.TryGetProperty("withdrawn", out var routes)) withdrawn.AddRange(Routes(routes));
            return;
        }
        if (mp.Withdrawn.Length != 0) problems.Add($"{family} withdrawn routes were decoded as prefixes");
        if (attr.TryGetProperty("value_hex", out var hex))
            Check(problems, $"{family} raw withdrawn", Hex.Of(mp.RawWithdrawn.AsSpan()), Hex.Of(Hex.Bytes(hex.GetString()!).AsSpan(3)));
    }

    /// <summary>Routes as "prefix" or "prefix#pathid", parsed and printed by <see cref="Prefix"/> so spellings agree.</summary>
    private static IEnumerable<string> Routes(JsonElement list)
    {
        foreach (var r in list.EnumerateArray())
        {
            var prefix = Prefix.Parse(r.GetProperty("prefix").GetString()!);
            uint pathId = r.TryGetProperty("path_id", out var id) ? id.GetUInt32() : 0;
            yield return RouteText(new Nlri(prefix, pathId));
        }
    }

    private static string RouteText(Nlri n) => n.PathId == 0 ? n.Prefix.ToString() : $"{n.Prefix}#{n.PathId}";

    private static string AsPathText(JsonElement segments)
    {
        var parts = new List<string>();
        foreach (var s in segments.EnumerateArray())
        {
            var seg = new AsPathSegment((AsPathSegmentType)s.GetProperty("seg_type").GetInt32(),
                [.. s.GetProperty("asns").EnumerateArray().Select(x => x.GetUInt32())]);
            parts.Add(seg.ToString());
        }
        return string.Join(' ', parts);
    }

    /// <summary>tshark prints "high:low", or "wellknown:N" for the reserved values (RFC 1997).</summary>
    private static uint Community(string text)
    {
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string head = text[..colon];
        uint tail = uint.Parse(text[(colon + 1)..], CultureInfo.InvariantCulture);
        return head == "wellknown" ? tail : uint.Parse(head, CultureInfo.InvariantCulture) << 16 | tail;
    }

    private static List<int> Ints(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(x => x.GetInt32()).ToList() : [e.GetInt32()];

    private static string RouterIdText(uint id) => $"{id >> 24}.{(id >> 16) & 255}.{(id >> 8) & 255}.{id & 255}";

    private static void Check<T>(List<string> problems, string what, T actual, T expected)
    {
        if (!EqualityComparer<T>.Default.Equals(actual, expected))
            problems.Add($"{what}: decoded '{actual}', tshark says '{expected}'");
    }
}

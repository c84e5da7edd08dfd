using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;

namespace Bgp.Protocol.Mrt;

/// <summary>
/// Prints records one line per route in the format of <c>bgpdump -m</c>, so that output can be compared
/// with bgpdump's:
/// <code>
///  TABLE_DUMP2|time|B|peer ip|peer as|prefix|as path|origin|next hop|local pref|med|communities|AG or NAG|aggregator|
///  BGP4MP|time|A|peer ip|peer as|prefix|as path|origin|next hop|local pref|med|communities|AG or NAG|aggregator|
///  BGP4MP|time|W|peer ip|peer as|prefix
///  BGP4MP|time|STATE|peer ip|peer as|old state|new state
/// </code>
/// BGP4MP_ET records print as <c>BGP4MP_ET</c> with <c>seconds.microseconds</c>. Routes with an ADD-PATH
/// path identifier get an <c>_AP</c> suffix and the identifier after the prefix (bgpdump's
/// <c>TABLE_DUMP2_AP</c>). Absent LOCAL_PREF and MED print as 0, as bgpdump does. Where bgpdump goes
/// quiet this prints more: labelled and VPN routes (bgpdump skips them) print as GoBGP does, <c>RD:prefix</c>;
/// a RIB entry whose peer index has no PEER_INDEX_TABLE entry prints empty peer fields.
/// Other messages (OPEN, KEEPALIVE, ...) and unknown records print nothing. This is an offline tool's
/// formatter, not a hot path.
/// </summary>
public static class MrtLineFormatter
{
    /// <summary>Writes the lines of one record (none for records that carry no route or state).</summary>
    public static void Write(MrtRecord record, TextWriter output)
    {
        switch (record)
        {
            case RibRecord rib:
                WriteRib(rib, output);
                break;
            case Bgp4mpStateChange state:
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{Label(state.Header, false)}|{Time(state.Header)}|STATE|{state.Peer.PeerAddress}|{state.Peer.PeerAs}|{state.OldState}|{state.NewState}"));
                break;
            case Bgp4mpMessage { Message: UpdateMessage update } message:
                WriteUpdate(message, update, output);
                break;
        }
    }

    /// <summary>The lines of one record, for callers that want strings.</summary>
    public static IReadOnlyList<string> Lines(MrtRecord record)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(record, writer);
        return writer.ToString().Split(writer.NewLine, StringSplitOptions.RemoveEmptyEntries);
    }

    private static void WriteRib(RibRecord rib, TextWriter output)
    {
        var prefixes = new List<string>(1);
        if (rib.Prefix is { } p) prefixes.Add(p.ToString());
        else AddLabelledPrefixes(rib.RawNlri.AsSpan(), rib.Family, prefixes);
        if (prefixes.Count == 0) return;

        string label = rib.AddPath ? "TABLE_DUMP2_AP" : "TABLE_DUMP2";
        string time = Time(rib.Header);
        foreach (var entry in rib.Entries)
        {
            var a = entry.Attributes;
            IPAddress? nextHop = rib.Family == AfiSafi.Ipv4Unicast || rib.Family.Afi == Afi.Ipv4 && rib.Family.Safi == Safi.Multicast
                ? a.Attributes.NextHop ?? a.MpReach?.NextHop
                : a.MpReach?.NextHop ?? a.Attributes.NextHop;
            string peerIp = entry.Peer?.Address.ToString() ?? "";
            string peerAs = entry.Peer?.Asn.ToString(CultureInfo.InvariantCulture) ?? "";
            string attrs = AttributeColumns(a.Attributes, nextHop);
            foreach (string prefix in prefixes)
            {
                string pathId = rib.AddPath ? entry.PathId.ToString(CultureInfo.InvariantCulture) + "|" : "";
                output.WriteLine($"{label}|{time}|B|{peerIp}|{peerAs}|{prefix}|{pathId}{attrs}");
            }
        }
    }

    private static void WriteUpdate(Bgp4mpMessage message, UpdateMessage update, TextWriter output)
    {
        var header = message.Header;
        string time = Time(header);
        string peer = string.Create(CultureInfo.InvariantCulture, $"{message.Peer.PeerAddress}|{message.Peer.PeerAs}");
        var options = message.Options;
        bool v4AddPath = options.ReceivesPathId(AfiSafi.Ipv4Unicast);

        foreach (var n in update.Withdrawn) WriteWithdraw(output, header, time, peer, n.Prefix.ToString(), n.PathId, v4AddPath);
        if (update.MpUnreach is { } unreach)
        {
            bool ap = options.ReceivesPathId(unreach.Family);
            foreach (var n in unreach.Withdrawn) WriteWithdraw(output, header, time, peer, n.Prefix.ToString(), n.PathId, ap);
            var labelled = new List<string>();
            AddLabelledPrefixes(unreach.RawWithdrawn.AsSpan(), unreach.Family, labelled);
            foreach (string s in labelled) WriteWithdraw(output, header, time, peer, s, 0, false);
        }

        if (!update.HasReachability) return;
        // A 2-octet session carries wide AS numbers in AS4_PATH / AS4_AGGREGATOR (RFC 6793 4.2.3).
        var attributes = options.FourOctetAs ? update.Attributes : AsPathMerger.Merge(update.Attributes);
        if (update.Nlri.Length > 0)
        {
            string attrs = AttributeColumns(attributes, attributes.NextHop ?? update.MpReach?.NextHop);
            foreach (var n in update.Nlri) WriteAnnounce(output, header, time, peer, n.Prefix.ToString(), n.PathId, v4AddPath, attrs);
        }
        if (update.MpReach is { } reach)
        {
            string attrs = AttributeColumns(attributes, reach.NextHop ?? attributes.NextHop);
            bool ap = options.ReceivesPathId(reach.Family);
            foreach (var n in reach.Nlri) WriteAnnounce(output, header, time, peer, n.Prefix.ToString(), n.PathId, ap, attrs);
            var labelled = new List<string>();
            AddLabelledPrefixes(reach.RawNlri.AsSpan(), reach.Family, labelled);
            foreach (string s in labelled) WriteAnnounce(output, header, time, peer, s, 0, false, attrs);
        }
    }

    private static void WriteWithdraw(TextWriter output, MrtHeader header, string time, string peer, string prefix, uint pathId, bool addPath) =>
        output.WriteLine(addPath
            ? string.Create(CultureInfo.InvariantCulture, $"{Label(header, true)}|{time}|W|{peer}|{prefix}|{pathId}")
            : $"{Label(header, false)}|{time}|W|{peer}|{prefix}");

    private static void WriteAnnounce(TextWriter output, MrtHeader header, string time, string peer, string prefix, uint pathId, bool addPath, string attrs) =>
        output.WriteLine(addPath
            ? string.Create(CultureInfo.InvariantCulture, $"{Label(header, true)}|{time}|A|{peer}|{prefix}|{pathId}|{attrs}")
            : $"{Label(header, false)}|{time}|A|{peer}|{prefix}|{attrs}");

    private static string Label(MrtHeader header, bool addPath) =>
        (header.HasMicroseconds ? "BGP4MP_ET" : "BGP4MP") + (addPath ? "_AP" : "");

    private static string Time(MrtHeader header) => header.HasMicroseconds
        ? string.Create(CultureInfo.InvariantCulture, $"{header.Timestamp}.{header.Microseconds:D6}")
        : header.Timestamp.ToString(CultureInfo.InvariantCulture);

    /// <summary>as path|origin|next hop|local pref|med|communities|AG|aggregator| (with the trailing bar).</summary>
    private static string AttributeColumns(PathAttributes a, IPAddress? nextHop)
    {
        var sb = new StringBuilder(128);
        if (a.AsPath is { } path) AppendAsPath(sb, path);
        sb.Append('|').Append(a.Origin switch
        {
            Origin.Igp => "IGP",
            Origin.Egp => "EGP",
            Origin.Incomplete => "INCOMPLETE",
            _ => "",
        });
        sb.Append('|').Append(nextHop?.ToString() ?? "");
        sb.Append('|').Append((a.LocalPref ?? 0).ToString(CultureInfo.InvariantCulture));
        sb.Append('|').Append((a.MultiExitDisc ?? 0).ToString(CultureInfo.InvariantCulture));
        sb.Append('|');
        for (int i = 0; i < a.Communities.Length; i++)
        {
            if (i > 0) sb.Append(' ');
            AppendCommunity(sb, a.Communities[i]);
        }
        sb.Append('|').Append(a.AtomicAggregate ? "AG" : "NAG");
        sb.Append('|');
        if (a.Aggregator is { } agg) sb.Append(agg.Asn.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(RouterId.Format(agg.Address));
        sb.Append('|');
        return sb.ToString();
    }

    /// <summary>bgpdump's AS path text: sequences space-separated, {sets} and [confederation sets] comma-separated, (confederation sequences).</summary>
    private static void AppendAsPath(StringBuilder sb, AsPath path)
    {
        bool first = true;
        foreach (var segment in path.EnumerateSegments())
        {
            if (!first) sb.Append(' ');
            first = false;
            (string open, string close, char sep) = segment.Type switch
            {
                AsPathSegmentType.AsSet => ("{", "}", ','),
                AsPathSegmentType.AsConfedSequence => ("(", ")", ' '),
                AsPathSegmentType.AsConfedSet => ("[", "]", ','),
                _ => ("", "", ' '),
            };
            sb.Append(open);
            for (int i = 0; i < segment.Asns.Length; i++)
            {
                if (i > 0) sb.Append(sep);
                sb.Append(segment.Asns[i].ToString(CultureInfo.InvariantCulture));
            }
            sb.Append(close);
        }
    }

    private static void AppendCommunity(StringBuilder sb, uint community)
    {
        switch (community)
        {
            case 0xFFFFFF01: sb.Append("no-export"); break;
            case 0xFFFFFF02: sb.Append("no-advertise"); break;
            case 0xFFFFFF03: sb.Append("local-AS"); break;
            default:
                sb.Append((community >> 16).ToString(CultureInfo.InvariantCulture)).Append(':')
                    .Append((community & 0xFFFF).ToString(CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>
    /// Labelled unicast (SAFI 4, RFC 8277 2) and VPN (SAFI 128, RFC 4364 4.3.4) NLRI as text:
    /// <code>
    ///  Length in bits (1) | Label (3) ... up to the bottom-of-stack bit | [Route Distinguisher (8)] | Prefix
    /// </code>
    /// The withdrawal label 0x800000 (RFC 8277 2.4) also ends the stack. Other families print nothing;
    /// a malformed run stops at the fault.
    /// </summary>
    private static void AddLabelledPrefixes(ReadOnlySpan<byte> data, AfiSafi family, List<string> into)
    {
        bool vpn = family.Safi == Safi.MplsVpn;
        if (!vpn && family.Safi != Safi.LabeledUnicast) return;
        if (family.Afi is not (Afi.Ipv4 or Afi.Ipv6)) return;
        bool v6 = family.Afi == Afi.Ipv6;
        int pos = 0;
        while (pos < data.Length)
        {
            int bits = data[pos];
            int bytes = (bits + 7) >> 3;
            if (pos + 1 + bytes > data.Length) return;
            var nlri = data.Slice(pos + 1, bytes);
            pos += 1 + bytes;

            int at = 0;
            while (true)
            {
                if (at + 3 > nlri.Length) return;
                bool end = (nlri[at + 2] & 1) != 0 || (nlri[at] == 0x80 && nlri[at + 1] == 0 && nlri[at + 2] == 0);
                at += 3;
                if (end) break;
            }
            string rd = "";
            if (vpn)
            {
                if (at + 8 > nlri.Length) return;
                rd = FormatRouteDistinguisher(nlri.Slice(at, 8)) + ":";
                at += 8;
            }
            int prefixBits = bits - at * 8;
            if (prefixBits < 0 || prefixBits > (v6 ? 128 : 32)) return;
            var prefix = Prefix.FromNlriBytes(v6, prefixBits, nlri[at..]);
            into.Add(rd + prefix.ToString());
        }
    }

    /// <summary>Route distinguisher types 0, 1 and 2 (RFC 4364 4.2) as ADMIN:VALUE.</summary>
    private static string FormatRouteDistinguisher(ReadOnlySpan<byte> rd)
    {
        ushort type = BinaryPrimitives.ReadUInt16BigEndian(rd);
        return type switch
        {
            0 => string.Create(CultureInfo.InvariantCulture, $"{BinaryPrimitives.ReadUInt16BigEndian(rd[2..])}:{BinaryPrimitives.ReadUInt32BigEndian(rd[4..])}"),
            1 => string.Create(CultureInfo.InvariantCulture, $"{RouterId.Format(BinaryPrimitives.ReadUInt32BigEndian(rd[2..]))}:{BinaryPrimitives.ReadUInt16BigEndian(rd[6..])}"),
            2 => string.Create(CultureInfo.InvariantCulture, $"{BinaryPrimitives.ReadUInt32BigEndian(rd[2..])}:{BinaryPrimitives.ReadUInt16BigEndian(rd[6..])}"),
            _ => Convert.ToHexStringLower(rd),
        };
    }
}

using System.Text.Json;
using Bgp.Protocol;
using Bgp.Testing;

namespace Bgp.Protocol.Tests.Corpus;

/// <summary>The error a malformed corpus message must give (the first one, for an UPDATE the session survives).</summary>
/// <param name="Options">The session options to decode with, when the corpus README says what they were.</param>
internal sealed record ExpectedCorpusError(byte Code, byte Subcode, ErrorAction Action, string Why, CodecOptions? Options = null)
{
    public override string ToString() => $"{Code}/{Subcode} {Action} ({Why})";
}

/// <summary>
/// Corpus messages that are genuinely malformed, with the error RFC 4271 6 / RFC 7606 gives them and the
/// evidence (the corpus README, tshark's expert notes, tcpdump's decode); and the one vector where the
/// README names a reference other than tshark.
/// </summary>
internal static class KnownCorpusErrors
{
    private const ErrorAction Reset = ErrorAction.SessionReset;

    private static readonly Dictionary<(string File, int Index), ExpectedCorpusError> Errors = new()
    {
        // README: "crafted, not a clean session: NEXT_HOP with length 0 and two MP_REACH_NLRI + two
        // MP_UNREACH_NLRI in one UPDATE"; tshark and tcpdump read its NLRI with path ids. The repeated
        // MP_REACH_NLRI is a session reset with Malformed Attribute List (RFC 7606 3 g).
        [("pcap/tcpdump__bgp-addpath.pcap.messages.hex", 0)] = new(3, 1, Reset, "MP_REACH_NLRI twice",
            new CodecOptions { AddPathReceive = [AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast] }),
        // The NLRI field is 0d 0b 0d 0b: 11.13.0.0/13 and then a lone length octet 11 with no address
        // bytes. tshark and bgpdump silently show only the first prefix; an NLRI that runs past the
        // message is an Invalid Network Field session reset (RFC 4271 6.3, RFC 7606 5.3).
        [("mrt/ris-via-bgpdump__updates.nlri_mask_trailing_bits.gz.messages.hex", 0)] = new(3, 10, Reset,
            "NLRI ends in a length octet without its prefix"),
        // Fuzzer OPEN (tcpdump over-read regression): version 255 (RFC 4271 6.2, Unsupported Version Number).
        [("pcap-malformed/tcpdump__bgp-bgp_capabilities_print-oobr-1.pcap.messages.hex", 0)] = new(2, 1, Reset,
            "OPEN version 255"),
        // Fuzzed UPDATEs whose Total Path Attribute Length (50098) runs past the message: the NLRI cannot be
        // located, Malformed Attribute List and a session reset (RFC 7606 4, tshark: "Path attribute length is invalid").
        [("pcap-malformed/tcpdump__bgp_mp_reach_nlri-oobr.pcap.messages.hex", 0)] = new(3, 1, Reset,
            "total path attribute length overruns the message"),
        [("pcap-malformed/tcpdump__bgp_mvpn_6_and_7_oobr.pcap.messages.hex", 0)] = new(3, 1, Reset,
            "total path attribute length overruns the message"),
        // UPDATEs of 19 octets (header only) crafted against decoder loops: below the UPDATE minimum of
        // 23, Bad Message Length (RFC 4271 6.1).
        [("pcap-malformed/tcpdump__bgp-infinite-loop.pcap.messages.hex", 0)] = new(1, 2, Reset, "UPDATE of 19 octets"),
        [("pcap-malformed/tcpdump__bgp-infinite-loop.pcap.messages.hex", 1)] = new(1, 2, Reset, "UPDATE of 19 octets"),
        [("pcap-malformed/tcpdump__bgp-infinite-loop.pcap.messages.hex", 2)] = new(1, 2, Reset, "UPDATE of 19 octets"),
        [("pcap-malformed/tcpdump__bgp-infinite-loop.pcap.messages.hex", 3)] = new(1, 2, Reset, "UPDATE of 19 octets"),
    };

    public static ExpectedCorpusError? For(CorpusMessage m) => Errors.GetValueOrDefault((m.File, m.Index));

    /// <summary>
    /// README "Known disagreements": tshark reads vector ipv4-unicast-1 of exabgp_qa_decoding as ADD-PATH
    /// although nothing negotiated it; ExaBGP's source_decode (the RFC 4271 reading) is the expectation.
    /// </summary>
    public static IReadOnlyList<string>? NlriOverride(CorpusMessage m)
    {
        const string File = "vectors/exabgp_qa_decoding.pcap.messages.hex";
        if (m.File != File) return null;
        foreach (var v in Fixtures.ReadJsonLines("vectors/exabgp_qa_decoding.vectors.jsonl"))
        {
            if (v.GetProperty("name").GetString() != "ipv4-unicast-1") continue;
            if (!v.GetProperty("tshark_idx").EnumerateArray().Any(i => i.GetInt32() == m.Index)) return null;
            var announce = v.GetProperty("source_decode").GetProperty("neighbor").GetProperty("message")
                .GetProperty("update").GetProperty("announce").GetProperty("ipv4 unicast");
            var routes = new List<string>();
            foreach (var nextHop in announce.EnumerateObject())
                foreach (var r in nextHop.Value.EnumerateArray())
                    routes.Add(Prefix.Parse(r.GetProperty("nlri").GetString()!).ToString());
            return routes;
        }
        return null;
    }
}

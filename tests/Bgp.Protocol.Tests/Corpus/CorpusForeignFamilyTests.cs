using Bgp.Protocol.Messages;
using Bgp.Testing;

namespace Bgp.Protocol.Tests.Corpus;

/// <summary>
/// Families this speaker carries but does not route (VPN, FlowSpec, EVPN, labelled unicast, BGP-LS,
/// SR policy, multicast) must decode to their AFI/SAFI with the NLRI kept raw, never to an error: a peer
/// that announces them has done nothing wrong (RFC 4760 7 only covers families not negotiated).
/// </summary>
public sealed class CorpusForeignFamilyTests
{
    [Fact]
    public void MpAttributes_OfFamiliesWeDoNotRoute_DecodeToFamilyWithRawNlri()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (string file in Fixtures.MessageFiles())
        {
            var session = new CorpusSession();
            foreach (var m in Fixtures.LoadMessages(file))
            {
                var (result, _) = CorpusDecoding.Decode(m, session);
                if (KnownCorpusErrors.For(m) is not null) continue;
                foreach (var (code, family) in ForeignFamilies(m))
                {
                    seen.Add($"{code} {family}");
                    if (!result.Success) { problems.Add($"{m}: {family} gave {result.Error}"); continue; }
                    var u = Assert.IsType<UpdateMessage>(result.Message);
                    if (!u.Errors.IsEmpty) problems.Add($"{m}: {family} gave {u.Errors[0]}");
                    if (code == 14)
                    {
                        if (u.MpReach?.Family != family) problems.Add($"{m}: MP_REACH family {u.MpReach?.Family}, expected {family}");
                        else if (!u.MpReach.Nlri.IsEmpty) problems.Add($"{m}: {family} NLRI decoded as prefixes");
                    }
                    else if (u.MpUnreach?.Family != family) problems.Add($"{m}: MP_UNREACH family {u.MpUnreach?.Family}, expected {family}");
                    else if (!u.MpUnreach.Withdrawn.IsEmpty) problems.Add($"{m}: {family} withdrawn routes decoded as prefixes");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        // The corpus README lists these; if they stop being seen, the loop above tested nothing.
        Assert.Subset(seen, new HashSet<string>(StringComparer.Ordinal)
        {
            "14 l3vpn-ipv4-unicast", "14 l3vpn-ipv6-unicast", "14 ipv4-flowspec", "14 ipv6-flowspec",
            "14 ipv4-labeled-unicast", "14 16388/71", "14 1/73", "15 l2vpn-evpn", "15 ipv4-multicast",
        });
    }

    private static IEnumerable<(int Code, AfiSafi Family)> ForeignFamilies(CorpusMessage m)
    {
        if (!m.Expected.TryGetProperty("update", out var u)) yield break;
        foreach (var a in u.GetProperty("attributes").EnumerateArray())
        {
            int code = a.GetProperty("type").GetInt32();
            string key = code == 14 ? "mp_reach" : code == 15 ? "mp_unreach" : "";
            if (key.Length == 0 || !a.TryGetProperty(key, out var mp)) continue;
            var family = new AfiSafi((Afi)mp.GetProperty("afi").GetInt32(), (Safi)mp.GetProperty("safi").GetInt32());
            if (!family.IsUnicastIp) yield return (code, family);
        }
    }
}

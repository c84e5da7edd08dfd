using System.Text.Json;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Mrt;

namespace Bgp.Protocol.Tests.Mrt;

/// <summary>
/// Every MRT file of the corpus against bgpdump's <c>-m</c> output (.bgpdump.txt) and mrtparse's record
/// counts (.records.json, .mrt-summary.txt). Where bgpdump is known to be wrong (fixtures/corpus/README.md,
/// "Known disagreements") the test asserts the right answer and says why.
/// </summary>
public sealed class MrtCorpusTests
{
    public static TheoryData<string> AllFiles() => [.. MrtFixtures.All];

    [Theory]
    [InlineData("mrtparse__quagga_rib")]
    [InlineData("ris-via-bgpdump__updates.20020722.2238.gz")]
    [InlineData("ris-via-bgpdump__updates.et-header.2015.first400.gz")]
    [InlineData("routeviews-via-pyasn__rib.20140523.0600.first100.gz")]
    public void Read_FileWithoutKnownDisagreement_PrintsExactlyBgpdumpLines(string name)
    {
        var (records, error) = MrtFixtures.Read(MrtFixtures.Bytes(name));

        Assert.Null(error);
        Assert.Equal(MrtFixtures.CompanionLines(name, ".bgpdump.txt"), MrtFixtures.Format(records));
    }

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void Read_EveryFile_RecordCountsAndTimestampsMatchRecordsJson(string name)
    {
        var (records, error) = MrtFixtures.Read(MrtFixtures.Bytes(name));
        using var json = JsonDocument.Parse(File.ReadAllText(MrtFixtures.PathOf(name + ".records.json")));
        var root = json.RootElement;

        Assert.Null(error);
        Assert.True(root.GetProperty("clean_end").GetBoolean());
        Assert.Equal(root.GetProperty("records").GetInt32(), records.Count);
        Assert.Equal(root.GetProperty("first_timestamp").GetUInt32(), records[0].Header.Timestamp);
        Assert.Equal(root.GetProperty("last_timestamp").GetUInt32(), records[^1].Header.Timestamp);
        var expected = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var type in root.GetProperty("by_type").EnumerateObject())
            foreach (var sub in type.Value.EnumerateObject())
                expected[type.Name + "/" + sub.Name] = sub.Value.GetInt32();
        var actual = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in records)
        {
            string key = TypeName(r.Header) + "/" + SubtypeName(r.Header);
            actual[key] = actual.GetValueOrDefault(key) + 1;
        }
        Assert.Equal(expected, actual);
        Assert.DoesNotContain(records, r => r is UnknownMrtRecord or MalformedMrtRecord);
    }

    [Theory]
    [InlineData("mrtparse__bird_bgp")]
    [InlineData("mrtparse__quagga_bgp")]
    [InlineData("ris-via-bgpdump__updates.20020722.2238.gz")]
    public void Read_Bgp4mpFile_MessageTypesAndStatesMatchMrtSummary(string name)
    {
        var (records, _) = MrtFixtures.Read(MrtFixtures.Bytes(name));
        // mrt-summary nests: 4 spaces = subtype, 8 spaces = message type (or the new state of a state change).
        var expected = new SortedDictionary<string, int>(StringComparer.Ordinal);
        string subtype = "";
        foreach (string line in File.ReadAllLines(MrtFixtures.PathOf(name + ".mrt-summary.txt")))
        {
            if (line.Length == 0 || line[0] != ' ') continue;
            int indent = line.Length - line.TrimStart().Length;
            string[] parts = line.Trim().Split(':', StringSplitOptions.TrimEntries);
            if (indent == 4) subtype = parts[0];
            else if (indent == 8) expected[subtype + "/" + parts[0]] = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        var actual = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in records)
        {
            string? what = r switch
            {
                Bgp4mpMessage m => m.Message?.Type switch
                {
                    MessageType.Open => "OPEN",
                    MessageType.Update => "UPDATE",
                    MessageType.Notification => "NOTIFICATION",
                    MessageType.Keepalive => "KEEPALIVE",
                    MessageType.RouteRefresh => "ROUTE-REFRESH",
                    _ => null,
                },
                Bgp4mpStateChange s => StateName(s.NewState),
                _ => null,
            };
            Assert.NotNull(what);
            string key = SubtypeName(r.Header) + "/" + what;
            actual[key] = actual.GetValueOrDefault(key) + 1;
        }
        Assert.Equal(expected, actual);
        Assert.DoesNotContain(records, r => r is Bgp4mpMessage { Error: not null });
    }

    [Fact]
    public void Read_BirdAddPathInPlainMessageAs4_ReadsPathIdsAsTsharkDoes()
    {
        // BIRD writes ADD-PATH NLRI in plain BGP4MP_MESSAGE_AS4 records after an OPEN offering ADD-PATH.
        // bgpdump ignores the OPEN and misreads the path identifiers as prefixes (0.0.0.0/0, 24.0.0.0/2 ...);
        // tshark reads 172.17.x.0/24 with path ids 1 and 2, which is right (README, Known disagreements).
        const string name = "mrtparse__bird_bgp";
        var (records, error) = MrtFixtures.Read(MrtFixtures.Bytes(name));
        Assert.Null(error);
        var ours = MrtFixtures.Format(records);
        var bgpdump = MrtFixtures.CompanionLines(name, ".bgpdump.txt");

        // STATE lines are unaffected.
        Assert.Equal(bgpdump.Where(l => l.Contains("|STATE|", StringComparison.Ordinal)), ours.Where(l => l.Contains("|STATE|", StringComparison.Ordinal)));

        // Prefixes and path ids: tshark's, in order.
        var tshark = new List<string>();
        foreach (string line in File.ReadLines(MrtFixtures.PathOf(name + ".expected.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            if (!doc.RootElement.TryGetProperty("update", out var update)) continue;
            foreach (var n in update.GetProperty("nlri").EnumerateArray())
                tshark.Add(n.GetProperty("prefix").GetString() + "|" + n.GetProperty("path_id").GetInt32());
        }
        var announced = ours.Where(l => l.Contains("|A|", StringComparison.Ordinal)).Select(l => l.Split('|')).ToList();
        Assert.All(announced, f => Assert.Equal("BGP4MP_AP", f[0]));
        Assert.Equal(tshark, announced.Select(f => f[5] + "|" + f[6]));
        Assert.Equal(14, announced.Count);

        // The attribute columns bgpdump printed are right (only the NLRI were misread): the same attribute
        // sets, in the same order.
        Assert.Equal(DistinctRuns(bgpdump.Where(l => l.Contains("|A|", StringComparison.Ordinal)).Select(l => string.Join('|', l.Split('|')[6..]))),
            DistinctRuns(announced.Select(f => string.Join('|', f[7..]))));
    }

    [Fact]
    public void Read_QuaggaOpenOffersAddPathButUpdatesHaveNone_ReadsPlainNlriAndVpnRoutes()
    {
        // Quagga's peer offers ADD-PATH in its OPEN but Quagga itself has none, so the UPDATEs carry no path
        // ids: the reader must tell this apart from the BIRD file from the UPDATE bytes. bgpdump skips the
        // VPNv4 routes (SAFI 128); tshark counts 16 of them, printed here as RD:prefix.
        const string name = "mrtparse__quagga_bgp";
        var (records, error) = MrtFixtures.Read(MrtFixtures.Bytes(name));
        Assert.Null(error);
        var ours = MrtFixtures.Format(records);
        var vpn = ours.Where(l => l.Split('|')[5].Count(c => c == ':') == 2 && l.Split('|')[5].Contains('.', StringComparison.Ordinal)).ToList();

        Assert.Equal(MrtFixtures.CompanionLines(name, ".bgpdump.txt"), ours.Where(l => !vpn.Contains(l)));
        Assert.Equal(16, vpn.Count);
        Assert.Contains("BGP4MP|1486802163|A|192.168.0.10|65000|172.16.0.1:11:10.1.0.0/24||IGP|192.168.0.10|100|10|65000:1|NAG||", vpn);
        Assert.DoesNotContain(records, r => r is Bgp4mpMessage { Error: not null });
    }

    [Fact]
    public void Read_OpenBgpdRibGeneric_PrintsVpnEntriesBgpdumpSkips()
    {
        const string name = "mrtparse__openbgpd_rib_table-v2";
        var (records, error) = MrtFixtures.Read(MrtFixtures.Bytes(name));
        Assert.Null(error);
        var ours = MrtFixtures.Format(records);
        var generic = records.OfType<RibRecord>().Where(r => r.Header.Subtype == (ushort)TableDumpV2Subtype.RibGeneric).ToList();

        // bgpdump prints nothing for the two RIB_GENERIC (VPNv4, 1/128) records; their routes are real.
        Assert.Equal(2, generic.Count);
        Assert.All(generic, g => Assert.Equal(new AfiSafi(Afi.Ipv4, Safi.MplsVpn), g.Family));
        Assert.Equal(MrtFixtures.CompanionLines(name, ".bgpdump.txt"), ours.Take(ours.Count - 2));
        Assert.Equal(
            [
                "TABLE_DUMP2|1444842656|B|192.168.1.10|65000|65010:15:192.168.0.0/16||IGP|192.168.0.15|100|0||NAG|65000 192.168.0.15|",
                "TABLE_DUMP2|1444842656|B|192.168.1.10|65000|65010:15:192.168.7.0/24||IGP|192.168.0.15|100|0||NAG||",
            ],
            ours.TakeLast(2));
    }

    [Fact]
    public void Read_RibAddPath_MatchesBgpdumpExceptDefaultsForEntriesWithoutAttributes()
    {
        const string name = "ris-via-bgpdump__bview.ipv4_unicast_add_path.gz";
        var (records, error) = MrtFixtures.Read(MrtFixtures.Bytes(name));
        Assert.Null(error);
        var ours = MrtFixtures.Format(records);
        // Two entries have no attributes at all. bgpdump prints its uninitialised defaults for them
        // (origin INCOMPLETE, next hop 255.255.255.255); there is no origin and no next hop, so the
        // columns stay empty here.
        var expected = MrtFixtures.CompanionLines(name, ".bgpdump.txt")
            .Select(l => l.Replace("||INCOMPLETE|255.255.255.255|", "||||", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, expected.Count(l => l.Contains("||||", StringComparison.Ordinal)));
        Assert.Equal(expected, ours);
        Assert.All(records.OfType<RibRecord>(), r => Assert.True(r.AddPath));
    }

    [Fact]
    public void Read_NlriWithBitsPastLengthAndStrayOctet_MasksPrefixAndReportsFault()
    {
        // The NLRI field is 0d 0b 0d 0b: 11.13.0.0/13, then a stray octet announcing a /11 with no bytes.
        // Prefix.FromNlriBytes clears the bits past the length (as tshark and current bgpdump do: the
        // upstream expected output says 11.8.0.0/13; the Debian bgpdump 1.6.2 of .bgpdump.txt keeps 11.13).
        // The stray octet makes the UPDATE malformed (RFC 7606 5.3), so the record carries the error and,
        // like every other reader, the route before the fault.
        const string name = "ris-via-bgpdump__updates.nlri_mask_trailing_bits.gz";
        var (records, error) = MrtFixtures.Read(MrtFixtures.Bytes(name));
        Assert.Null(error);
        var message = Assert.IsType<Bgp4mpMessage>(Assert.Single(records));
        Assert.NotNull(message.Error);
        Assert.Equal((byte)UpdateMessageErrorSubcode.InvalidNetworkField, message.Error.Subcode);
        var update = Assert.IsType<UpdateMessage>(message.Message);
        Assert.Equal(Prefix.Parse("11.8.0.0/13"), Assert.Single(update.Nlri).Prefix);
        Assert.Equal(MrtFixtures.CompanionLines(name, ".upstream-bgpdump-vm.txt"), MrtFixtures.Format(records));
    }

    [Fact]
    public void Read_RibWithoutPeerIndexTable_KeepsRoutesWithUnresolvedPeer()
    {
        // bgpdump refuses these records ("missing peer index table") and prints nothing. The routes and
        // their attributes are all there; only the peer cannot be named.
        var (records, error) = MrtFixtures.Read(MrtFixtures.Bytes("ris-via-pyasn__bview.20140112.1600_3samples.bz2"));
        Assert.Null(error);
        var ribs = records.Cast<RibRecord>().ToList();
        Assert.Equal(["1.0.0.0/24", "84.205.86.0/24", "1.0.20.0/23"], ribs.Select(r => r.Prefix.ToString()));
        Assert.All(ribs.SelectMany(r => r.Entries), e => Assert.Null(e.Peer));
        Assert.Equal(
            [
                "TABLE_DUMP2|1389542400|B|||1.0.0.0/24|25152 15169|IGP|202.249.2.189|0|0||NAG||",
                "TABLE_DUMP2|1389542401|B|||84.205.86.0/24||IGP|202.249.2.143|0|0||NAG|64896 10.255.255.255|",
                "TABLE_DUMP2|1389542400|B|||1.0.20.0/23|25152 2516 2519|IGP|202.249.2.110|0|0||NAG||",
            ],
            MrtFixtures.Format(records).Take(3));
    }

    private static List<string> DistinctRuns(IEnumerable<string> items)
    {
        var result = new List<string>();
        foreach (string s in items)
            if (result.Count == 0 || result[^1] != s) result.Add(s);
        return result;
    }

    private static string TypeName(MrtHeader h) => (MrtRecordType)h.Type switch
    {
        MrtRecordType.TableDumpV2 => "TABLE_DUMP_V2",
        MrtRecordType.Bgp4mp => "BGP4MP",
        MrtRecordType.Bgp4mpEt => "BGP4MP_ET",
        _ => h.Type.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string SubtypeName(MrtHeader h) => (MrtRecordType)h.Type == MrtRecordType.TableDumpV2
        ? (TableDumpV2Subtype)h.Subtype switch
        {
            TableDumpV2Subtype.PeerIndexTable => "PEER_INDEX_TABLE",
            TableDumpV2Subtype.RibIpv4Unicast => "RIB_IPV4_UNICAST",
            TableDumpV2Subtype.RibIpv6Unicast => "RIB_IPV6_UNICAST",
            TableDumpV2Subtype.RibGeneric => "RIB_GENERIC",
            TableDumpV2Subtype.RibIpv4UnicastAddPath => "RIB_IPV4_UNICAST_ADDPATH",
            _ => "?",
        }
        : (Bgp4mpSubtype)h.Subtype switch
        {
            Bgp4mpSubtype.StateChange => "BGP4MP_STATE_CHANGE",
            Bgp4mpSubtype.Message => "BGP4MP_MESSAGE",
            Bgp4mpSubtype.MessageAs4 => "BGP4MP_MESSAGE_AS4",
            Bgp4mpSubtype.StateChangeAs4 => "BGP4MP_STATE_CHANGE_AS4",
            _ => "?",
        };

    private static string StateName(ushort state) => state switch
    {
        1 => "Idle",
        2 => "Connect",
        3 => "Active",
        4 => "OpenSent",
        5 => "OpenConfirm",
        6 => "Established",
        7 => "Clearing",
        _ => "?",
    };
}

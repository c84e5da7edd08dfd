using System.Text.Json;

namespace Bgp.Cli.Tests;

public class DecodeCommandTests
{
    private const string Marker = "ffffffffffffffffffffffffffffffff";
    private const string Keepalive = Marker + "001304";

    private static (int Exit, string Out, string Err) Run(string stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Program.Run(["decode", .. args], new StringReader(stdin), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Decodes the given lines and returns one parsed object per output line.</summary>
    private static List<JsonElement> Decode(string input, params string[] args)
    {
        var (exit, output, err) = Run(input, args);
        Assert.True(exit == 0, $"exit {exit}: {err}");
        var objects = new List<JsonElement>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
            objects.Add(doc.RootElement.Clone());
        }
        return objects;
    }

    private static JsonElement DecodeOne(string hex, params string[] args) => Assert.Single(Decode(hex + "\n", args));

    private static List<long> Numbers(JsonElement array)
    {
        var list = new List<long>();
        foreach (var e in array.EnumerateArray()) list.Add(e.GetInt64());
        return list;
    }

    private static List<string?> Strings(JsonElement array)
    {
        var list = new List<string?>();
        foreach (var e in array.EnumerateArray()) list.Add(e.GetString());
        return list;
    }

    private static JsonElement Capability(JsonElement open, int code)
    {
        foreach (var c in open.GetProperty("capabilities").EnumerateArray())
            if (c.GetProperty("code").GetInt32() == code) return c;
        throw new Xunit.Sdk.XunitException($"no capability {code}");
    }

    private static string TypeName(int type) => type switch
    {
        1 => "OPEN",
        2 => "UPDATE",
        3 => "NOTIFICATION",
        4 => "KEEPALIVE",
        5 => "ROUTE-REFRESH",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    [Theory]
    [MemberData(nameof(DecodeFixtures.PcapMessageFiles), MemberType = typeof(DecodeFixtures))]
    public void CorpusCapture_EachLine_GivesOneObjectOfTheHeaderType(string file)
    {
        string[] lines = File.ReadAllLines(DecodeFixtures.CorpusPath(Path.Combine("pcap", file)));
        var (exit, output, err) = Run("", DecodeFixtures.CorpusPath(Path.Combine("pcap", file)));
        Assert.True(exit == 0, err);
        string[] outLines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines.Count(l => l.Length > 0), outLines.Length);
        for (int i = 0; i < outLines.Length; i++)
        {
            using var doc = JsonDocument.Parse(outLines[i]);
            int type = Convert.ToByte(lines[i].Substring(36, 2), 16);
            Assert.Equal(TypeName(type), doc.RootElement.GetProperty("type").GetString());
            Assert.Equal(lines[i].Length / 2, doc.RootElement.GetProperty("length").GetInt32());
        }
    }

    [Fact]
    public void Open_WithMultiprotocolRouteRefreshAndFourOctetAs_DecodesEachCapability()
    {
        var open = DecodeOne(DecodeFixtures.PcapLine("packetlife__4-byte_AS_numbers_Full_Support.cap.messages.hex", 2));

        Assert.Equal("OPEN", open.GetProperty("type").GetString());
        Assert.Equal(4, open.GetProperty("version").GetInt32());
        // AS 40.1 in asdot, sent as AS_TRANS in My Autonomous System (RFC 6793).
        Assert.Equal(2621441, open.GetProperty("asn").GetInt64());
        Assert.Equal(23456, open.GetProperty("myAs").GetInt32());
        Assert.Equal(180, open.GetProperty("holdTime").GetInt32());
        Assert.Equal("40.0.0.1", open.GetProperty("routerId").GetString());
        var mp = Capability(open, 1);
        Assert.Equal("multiprotocol", mp.GetProperty("name").GetString());
        Assert.Equal(1, mp.GetProperty("afi").GetInt32());
        Assert.Equal(1, mp.GetProperty("safi").GetInt32());
        Assert.Equal("route-refresh", Capability(open, 2).GetProperty("name").GetString());
        var four = Capability(open, 65);
        Assert.Equal("4-octet-as", four.GetProperty("name").GetString());
        Assert.Equal(2621441, four.GetProperty("asn").GetInt64());
        // Capability 131 (Cisco multisession) is not decoded: its bytes are shown.
        Assert.Equal("00", Capability(open, 131).GetProperty("value").GetString());
    }

    [Fact]
    public void Open_WithAddPathRoleFqdnAndGracefulRestart_DecodesTheirFields()
    {
        var open = Decode(File.ReadAllText(DecodeFixtures.CorpusPath("pcap/tcpdump__bgp-role.pcapng.messages.hex")))[0];

        Assert.Equal("customer", Capability(open, 9).GetProperty("role").GetString());
        var family = Assert.Single(Capability(open, 69).GetProperty("families").EnumerateArray());
        Assert.Equal("ipv4-unicast", family.GetProperty("family").GetString());
        Assert.False(family.GetProperty("send").GetBoolean());
        Assert.True(family.GetProperty("receive").GetBoolean());
        Assert.Equal("donatas-pc", Capability(open, 73).GetProperty("hostName").GetString());
        var gr = Capability(open, 64);
        Assert.Equal(120, gr.GetProperty("restartTime").GetInt32());
        Assert.True(gr.GetProperty("notification").GetBoolean());
    }

    [Fact]
    public void Update_Ipv6MpReachWithLinkLocal_ShowsPrefixesAndBothNextHops()
    {
        var update = DecodeOne(DecodeFixtures.PcapLine("packetlife__BGP_MP_NLRI.cap.messages.hex", 14));

        Assert.Equal("UPDATE", update.GetProperty("type").GetString());
        Assert.Equal(["2001:db8:2:2::/64", "2001:db8:2:1::/64", "2001:db8:2::/64"], Strings(update.GetProperty("nlri")));
        Assert.Equal("2001:db8::2", update.GetProperty("nextHop").GetString());
        Assert.Equal("fe80::c002:bff:fe7e:0", update.GetProperty("linkLocalNextHop").GetString());
        Assert.Equal("IGP", update.GetProperty("origin").GetString());
        Assert.Equal([65002L], Numbers(update.GetProperty("asPath")));
        Assert.Equal(0, update.GetProperty("med").GetInt64());
        Assert.False(update.TryGetProperty("mpReach", out _));
    }

    [Fact]
    public void Update_AsPathWithAsSet_ShowsTheSetAsANestedList()
    {
        var update = DecodeOne(DecodeFixtures.PcapLine("packetlife__BGP_AS_set.cap.messages.hex", 6));

        var path = update.GetProperty("asPath");
        Assert.Equal(2, path.GetArrayLength());
        Assert.Equal(30, path[0].GetInt64());
        Assert.Equal([10L, 20L], Numbers(path[1]));
        Assert.Equal("INCOMPLETE", update.GetProperty("origin").GetString());
        Assert.Equal(30, update.GetProperty("aggregator").GetProperty("asn").GetInt64());
        Assert.Equal(["172.16.0.0/21"], Strings(update.GetProperty("nlri")));
    }

    [Fact]
    public void Update_WithLargeCommunities_ListsThemAsThreeNumbers()
    {
        var update = DecodeOne(DecodeFixtures.PcapLine("tcpdump__bgp-large-community.pcap.messages.hex", 1));

        Assert.Equal(["65535:1:1", "4294967295:4294967295:4294967295"], Strings(update.GetProperty("largeCommunities")));
        Assert.Equal("192.0.2.2", update.GetProperty("nextHop").GetString());
    }

    [Fact]
    public void Update_WithCommunity_ShowsHighColonLow()
    {
        var update = Decode(File.ReadAllText(DecodeFixtures.CorpusPath("pcap/packetlife__no-advertise_community.pcapng.cap.messages.hex")))
            .First(o => o.GetProperty("type").GetString() == "UPDATE");

        Assert.Contains("65535:65282", Strings(update.GetProperty("communities")));
    }

    [Fact]
    public void Notification_CeaseWithShutdownCommunication_DecodesTheText()
    {
        string hex = File.ReadAllText(DecodeFixtures.CorpusPath("pcap/tcpdump__bgp-shutdown-communication.pcapng.messages.hex")).Trim();
        var n = DecodeOne(hex);

        Assert.Equal("NOTIFICATION", n.GetProperty("type").GetString());
        Assert.Equal(6, n.GetProperty("code").GetInt32());
        Assert.Equal(2, n.GetProperty("subcode").GetInt32());
        Assert.Equal("Cease", n.GetProperty("codeName").GetString());
        Assert.Equal("Administrative Shutdown", n.GetProperty("subcodeName").GetString());
        Assert.Equal("This is a test of the shutdown communication system.", n.GetProperty("shutdownCommunication").GetString());
        Assert.StartsWith("3454686973", n.GetProperty("data").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Update_EmptyForIpv4_IsEndOfRib()
    {
        var eor = DecodeOne(Marker + "0017020000" + "0000");

        Assert.Equal("ipv4-unicast", eor.GetProperty("endOfRib").GetString());
        Assert.False(eor.TryGetProperty("nlri", out _));
    }

    [Fact]
    public void Update_EmptyMpUnreachForIpv6_IsEndOfRibOfIpv6()
    {
        // Withdrawn length 0, attribute length 6: MP_UNREACH_NLRI (0x80 0x0f, 3 octets) AFI 2 SAFI 1.
        var eor = DecodeOne(Marker + "001d02" + "0000" + "0006" + "800f03000201");

        Assert.Equal("ipv6-unicast", eor.GetProperty("endOfRib").GetString());
        Assert.False(eor.TryGetProperty("withdrawn", out _));
    }

    [Fact]
    public void Update_FourOctetAsPathWithoutOpen_IsReadWithFourOctetAsns()
    {
        string hex = DecodeFixtures.PcapLine("tcpdump__bgp-large-community.pcap.messages.hex", 1);

        var inferred = DecodeOne(hex);
        var forced2 = DecodeOne(hex, "--as2");

        Assert.Equal([65536L], Numbers(inferred.GetProperty("asPath")));
        Assert.False(inferred.TryGetProperty("errors", out _));
        // Read as 2-octet the AS_PATH is AS 1 followed by a segment of type 0: malformed.
        Assert.True(forced2.TryGetProperty("errors", out var errors));
        Assert.Equal(11, errors[0].GetProperty("subcode").GetInt32());
        Assert.Equal("treat-as-withdraw", errors[0].GetProperty("action").GetString());
        Assert.True(forced2.GetProperty("treatAsWithdraw").GetBoolean());
    }

    // An AS_PATH that is clean both ways: 2-octet [100] [513] [200] in three segments, or 4-octet
    // [0x00640201] [0x020100c8] in two. Only the session can say which.
    private const string AmbiguousUpdate = Marker + "003502" + "0000" + "001a"
        + "40010100" + "40020c" + "02010064" + "02010201" + "020100c8" + "4003040a000001" + "180a0100";
    private const string OpenWithoutFourOctet = Marker + "001d01" + "04fde800b401010101" + "00";
    private const string OpenWithFourOctet = Marker + "002501" + "04fde800b401010101" + "08" + "0206" + "41040000fde8";

    [Fact]
    public void Update_AmbiguousAsPathAfterOpenWithoutCapability65_IsReadAsTwoOctet()
    {
        var objects = Decode(OpenWithoutFourOctet + "\n" + AmbiguousUpdate + "\n");

        Assert.Equal([100L, 513L, 200L], Numbers(objects[1].GetProperty("asPath")));
    }

    [Fact]
    public void Update_AmbiguousAsPathAfterOpenWithCapability65_IsReadAsFourOctet()
    {
        var objects = Decode(OpenWithFourOctet + "\n" + AmbiguousUpdate + "\n");

        Assert.Equal([0x00640201L, 0x020100c8L], Numbers(objects[1].GetProperty("asPath")));
    }

    [Fact]
    public void Update_AmbiguousAsPathWithoutOpen_PrefersFourOctet()
    {
        var update = DecodeOne(AmbiguousUpdate);

        Assert.Equal([0x00640201L, 0x020100c8L], Numbers(update.GetProperty("asPath")));
    }

    [Fact]
    public void Update_FromATwoOctetSessionInterleavedWithFourOctetOnes_IsStillReadCleanly()
    {
        // tcpdump's bgp-4byte-asn capture: line 33 comes from a session whose OPENs (15, 16) disagree on
        // capability 65, after the OPENs of a 4-octet session (25, 26).
        var objects = Decode(File.ReadAllText(DecodeFixtures.CorpusPath("pcap/tcpdump__bgp-4byte-asn.pcap.messages.hex")));
        var update = objects[32];

        Assert.Equal([23456L, 1L], Numbers(update.GetProperty("asPath")));
        Assert.Equal([2764334674L, 1L], Numbers(update.GetProperty("as4Path")));
        Assert.False(update.TryGetProperty("errors", out _));
    }

    [Fact]
    public void Update_AmbiguousAsPathWithAs2Option_OverridesTheOpen()
    {
        var objects = Decode(OpenWithFourOctet + "\n" + AmbiguousUpdate + "\n", "--as2");

        Assert.Equal([100L, 513L, 200L], Numbers(objects[1].GetProperty("asPath")));
    }

    // NLRI 00 00 00 00 20 01 01 01 01: four 0.0.0.0/0 and 1.1.1.1/32 without ADD-PATH, or path id 0 and
    // 1.1.1.1/32 with it (ExaBGP's ipv4-unicast-1 vector, see the corpus README).
    private const string AmbiguousNlriUpdate = Marker + "003202" + "0000" + "0012"
        + "40010100" + "4002040201fde8" + "4003040a000001" + "00000000" + "2001010101";

    [Fact]
    public void Update_AmbiguousNlriWithoutOpen_IsReadWithoutPathIds()
    {
        var update = DecodeOne(AmbiguousNlriUpdate);

        Assert.Equal(["0.0.0.0/0", "0.0.0.0/0", "0.0.0.0/0", "0.0.0.0/0", "1.1.1.1/32"], Strings(update.GetProperty("nlri")));
        Assert.False(update.TryGetProperty("nlriPathIds", out _));
    }

    [Fact]
    public void Update_AmbiguousNlriAfterOpenSendingAddPath_IsReadWithPathIds()
    {
        // OPEN with ADD-PATH (code 69) for IPv4 unicast, Send/Receive = 3 (both).
        const string open = Marker + "002501" + "04fde800b401010101" + "08" + "0206" + "450400010103";
        var objects = Decode(open + "\n" + AmbiguousNlriUpdate + "\n");

        Assert.Equal(["1.1.1.1/32"], Strings(objects[1].GetProperty("nlri")));
        Assert.Equal([0L], Numbers(objects[1].GetProperty("nlriPathIds")));
    }

    [Fact]
    public void Update_AmbiguousNlriWithAddPathOption_IsReadWithPathIds()
    {
        var update = DecodeOne(AmbiguousNlriUpdate, "--addpath");

        Assert.Equal(["1.1.1.1/32"], Strings(update.GetProperty("nlri")));
    }

    [Fact]
    public void Update_PathIdsWithoutOpen_AreFoundBecauseTheOtherReadingFails()
    {
        var objects = Decode(File.ReadAllText(DecodeFixtures.CorpusPath("pcap/packetlife__bgp-add-path.cap.messages.hex")));
        var update = objects.First(o => o.TryGetProperty("nlri", out _));

        Assert.Equal(["5.5.5.5/32", "192.168.1.5/32"], Strings(update.GetProperty("nlri")));
        Assert.Equal([1L, 1L], Numbers(update.GetProperty("nlriPathIds")));

        // Without the OPENs the same UPDATE alone still reads with path ids: no other reading is clean.
        string line = File.ReadAllLines(DecodeFixtures.CorpusPath("pcap/packetlife__bgp-add-path.cap.messages.hex"))
            .First(l => l.Length > 40 && l.Substring(36, 2) == "02" && l.Length / 2 == 89);
        Assert.Equal([1L, 1L], Numbers(DecodeOne(line).GetProperty("nlriPathIds")));
        // Forced off, the bytes do not parse as plain prefixes.
        Assert.True(DecodeOne(line, "--no-addpath").TryGetProperty("error", out _));
    }

    [Fact]
    public void InvalidLines_EachGiveAnErrorObject_AndTheRunGoesOn()
    {
        string input = string.Join('\n',
            "not hex at all",
            "fff",
            "ffff",
            "00000000000000000000000000000000001304",
            Marker + "001307",
            Marker + "001404",
            Keepalive) + "\n";

        var (exit, _, _) = Run(input);
        var objects = Decode(input);

        Assert.Equal(0, exit);
        Assert.Equal(7, objects.Count);
        Assert.Equal("not hex", objects[0].GetProperty("error").GetProperty("name").GetString());
        Assert.Equal(1, objects[0].GetProperty("error").GetProperty("line").GetInt32());
        Assert.Contains("odd", objects[1].GetProperty("error").GetProperty("reason").GetString(), StringComparison.Ordinal);
        AssertError(objects[2], 1, 2); // too short for a header: Bad Message Length
        AssertError(objects[3], 1, 1); // marker not all ones: Connection Not Synchronized
        AssertError(objects[4], 1, 3); // type 7: Bad Message Type
        AssertError(objects[5], 1, 2); // KEEPALIVE of 20 octets
        Assert.Equal("KEEPALIVE", objects[6].GetProperty("type").GetString());
        Assert.False(objects[6].TryGetProperty("error", out _));
    }

    private static void AssertError(JsonElement obj, int code, int subcode)
    {
        var error = obj.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.Equal(subcode, error.GetProperty("subcode").GetInt32());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("name").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("reason").GetString()));
    }

    [Fact]
    public void Update_WithLengthsRunningPastTheMessage_GivesTheNotificationWithTheType()
    {
        // Withdrawn Routes Length 0x00ff in a 23-octet UPDATE: Malformed Attribute List (RFC 4271 6.3).
        var obj = DecodeOne(Marker + "00170200ff0000");

        Assert.Equal("UPDATE", obj.GetProperty("type").GetString());
        AssertError(obj, 3, 1);
    }

    [Fact]
    public void BlankAndCommentLines_AreSkipped()
    {
        var objects = Decode("# a capture\n\n   \n" + Keepalive + "\n  # indented comment\n" + Keepalive);

        Assert.Equal(2, objects.Count);
    }

    [Fact]
    public void SpacedAndPrefixedHex_IsAccepted()
    {
        var obj = DecodeOne("0x" + string.Join(' ', Enumerable.Range(0, 19).Select(i => Keepalive.Substring(i * 2, 2))));

        Assert.Equal("KEEPALIVE", obj.GetProperty("type").GetString());
    }

    [Fact]
    public void FileArgument_GivesTheSameOutputAsStdin()
    {
        string path = Path.GetTempFileName();
        try
        {
            string input = File.ReadAllText(DecodeFixtures.CorpusPath("pcap/packetlife__BGP_MP_NLRI.cap.messages.hex"));
            File.WriteAllText(path, input);

            var fromFile = Run("", path);
            var fromStdin = Run(input);
            var fromDash = Run(input, "-");

            Assert.Equal(0, fromFile.Exit);
            Assert.Equal(24, fromFile.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.Equal(fromStdin.Out, fromFile.Out);
            Assert.Equal(fromStdin.Out, fromDash.Out);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--as2", "--as4")]
    [InlineData("--addpath", "--no-addpath")]
    [InlineData("a.hex", "b.hex")]
    [InlineData("/nonexistent/dir/messages.hex")]
    public void UsageError_ExitsTwoWithAMessage(params string[] args)
    {
        var (exit, output, err) = Run(Keepalive, args);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith("bgpctl decode: ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_PrintsTheFieldsAndExitsZero()
    {
        var (exit, output, _) = Run("", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("nlriPathIds", output, StringComparison.Ordinal);
        Assert.Contains("--no-addpath", output, StringComparison.Ordinal);
    }
}

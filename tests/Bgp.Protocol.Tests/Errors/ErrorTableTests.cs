using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using Bgp.Testing;
using static Bgp.Testing.Wire;

namespace Bgp.Protocol.Tests.Errors;

/// <summary>
/// The error cases of RFC 4271 section 6 and RFC 7606 as a table: each row a message built to break one
/// rule, with the NOTIFICATION code/subcode, the RFC 7606 action and, where the RFC says what the Data
/// field holds, that data. An error whose action is a session reset comes back instead of a message;
/// the others ride on the UpdateMessage (RFC 7606 lets the session survive them).
/// </summary>
public sealed class ErrorTableTests
{
    private const ErrorAction Reset = ErrorAction.SessionReset;
    private const ErrorAction Taw = ErrorAction.TreatAsWithdraw;
    private const ErrorAction Discard = ErrorAction.AttributeDiscard;

    /// <summary>Case name, message hex, code, subcode, action, data hex (null: the RFC does not fix it).</summary>
    public static TheoryData<string, string, byte, byte, ErrorAction, string?> Cases()
    {
        var t = new TheoryData<string, string, byte, byte, ErrorAction, string?>();
        void Row(string name, byte[] message, byte code, byte subcode, ErrorAction action, string? data = null) =>
            t.Add(name, Hex.Of(message), code, subcode, action, data);

        // RFC 4271 6.1 Message Header errors.
        var badMarker = Keepalive();
        badMarker[15] = 0xFE;
        Row("header: marker not all ones", badMarker, 1, 1, Reset, "");
        Row("header: length 18", Message(4, [], length: 18), 1, 2, Reset, "0012");
        Row("header: UPDATE of 4097 octets", Message(2, new byte[4078]), 1, 2, Reset, "1001");
        Row("header: type 6", Message(6, []), 1, 3, Reset, "06");
        Row("header: type 0", Message(0, []), 1, 3, Reset, "00");
        Row("header: KEEPALIVE with a body", Message(4, [0]), 1, 2, Reset, "0014");
        Row("header: UPDATE shorter than 23", Message(2, [0, 0]), 1, 2, Reset, "0015");
        Row("header: OPEN shorter than 29", Message(1, new byte[9]), 1, 2, Reset, "001c");
        Row("header: NOTIFICATION shorter than 21", Message(3, [6]), 1, 2, Reset, "0014");

        // RFC 4271 6.2 OPEN errors. Version data: the largest version we support below the bid, or our
        // smallest when that is above it: 4 either way.
        Row("open: version 3", Open(version: 3), 2, 1, Reset, "0004");
        Row("open: version 5", Open(version: 5), 2, 1, Reset, "0004");
        Row("open: hold time 1", Open(holdTime: 1), 2, 6, Reset);
        Row("open: hold time 2", Open(holdTime: 2), 2, 6, Reset);
        Row("open: BGP identifier 0", Open(bgpId: 0), 2, 3, Reset);
        Row("open: My AS 0 (RFC 7607)", Open(myAs: 0), 2, 2, Reset);
        Row("open: 4-octet AS capability with AS 0 (RFC 7607)", Open(parameters: CapabilitiesParameter(Capability(65, "00000000"))), 2, 2, Reset);
        Row("open: authentication parameter (type 1)", Open(parameters: Parameter(1, [1, 2])), 2, 4, Reset);
        Row("open: 4-octet AS capability of 2 octets", Open(parameters: CapabilitiesParameter(Capability(65, "fde8"))), 2, 0, Reset);
        Row("open: multiprotocol capability of 3 octets", Open(parameters: CapabilitiesParameter(Capability(1, "000101"))), 2, 0, Reset);
        Row("open: capability runs past its parameter", Open(parameters: CapabilitiesParameter(Capability(65, "0000fde8", length: 9))), 2, 0, Reset);
        Row("open: parameters length above the octets", Open(parameters: CapabilitiesParameter(Capability(2, "")), parametersLength: 6), 2, 0, Reset);
        Row("open: parameters length below the octets", Open(parameters: CapabilitiesParameter(Capability(2, "")), parametersLength: 2), 2, 0, Reset);

        // RFC 4271 6.3 / RFC 7606 UPDATE errors: the lengths that locate the NLRI.
        Row("update: withdrawn length overruns (7606 4)", Update(withdrawn: [8, 10], withdrawnLength: 40), 3, 1, Reset);
        Row("update: total attribute length overruns (7606 4)", Update(attributes: Mandatory(), nlri: Nlri10(), attributesLength: 200), 3, 1, Reset);
        Row("update: attribute runs past the list (7606 4)",
            Update(attributes: Cat(Mandatory(), Attr(0x80, 4, "00000001", length: 9)), nlri: Nlri10()), 3, 5, Taw);
        Row("update: two octets left for an attribute (7606 4)",
            Update(attributes: Cat(Mandatory(), [0x40, 5]), nlri: Nlri10()), 3, 1, Taw);

        // RFC 7606 3 g: repeats.
        var mpReach = Attr(0x80, 14, "0002011020010db8000000000000000000000001" + "00" + "2020010db8");
        Row("update: MP_REACH_NLRI twice (7606 3 g)", Update(attributes: Cat(Origin(), AsPath2(65001), mpReach, mpReach)), 3, 1, Reset);
        Row("update: MP_UNREACH_NLRI twice (7606 3 g)", Update(attributes: Cat(Attr(0x80, 15, "000201"), Attr(0x80, 15, "000201"))), 3, 1, Reset);
        Row("update: ORIGIN twice (7606 3 g)", Update(attributes: Cat(Mandatory(), Origin(1)), nlri: Nlri10()), 3, 1, Discard);

        // RFC 4271 6.3: unknown well-known, with the attribute as data.
        Row("update: unrecognized well-known attribute 99", Update(attributes: Cat(Mandatory(), Attr(0x40, 99, "0102")), nlri: Nlri10()),
            3, 2, Reset, "40630201" + "02");

        // RFC 7606 3 d: missing well-known mandatory attributes, data = the missing type code.
        Row("update: ORIGIN missing", Update(attributes: Cat(AsPath2(65001), NextHop()), nlri: Nlri10()), 3, 3, Taw, "01");
        Row("update: AS_PATH missing", Update(attributes: Cat(Origin(), NextHop()), nlri: Nlri10()), 3, 3, Taw, "02");
        Row("update: NEXT_HOP missing", Update(attributes: Cat(Origin(), AsPath2(65001)), nlri: Nlri10()), 3, 3, Taw, "03");

        // RFC 4271 6.3 / RFC 7606 3 c: flags that contradict the attribute, data = the attribute.
        Row("update: ORIGIN flagged optional", Update(attributes: Cat(Attr(0xC0, 1, "00"), AsPath2(65001), NextHop()), nlri: Nlri10()),
            3, 4, Taw, "c0010100");
        Row("update: ATOMIC_AGGREGATE flagged optional", Update(attributes: Cat(Mandatory(), Attr(0xC0, 6, "")), nlri: Nlri10()),
            3, 4, Discard, "c00600");
        Row("update: AGGREGATOR flagged well-known", Update(attributes: Cat(Mandatory(), Attr(0x40, 7, "fde9c0000201")), nlri: Nlri10()),
            3, 4, Discard, "400706fde9c0000201");

        // RFC 4271 6.3 Attribute Length Error with each attribute's RFC 7606 7 action, data = the attribute.
        Row("update: ORIGIN of 2 octets (7606 7.1)", Update(attributes: Cat(Attr(0x40, 1, "0000"), AsPath2(65001), NextHop()), nlri: Nlri10()),
            3, 5, Taw, "4001020000");
        Row("update: NEXT_HOP of 3 octets (7606 7.3)", Update(attributes: Cat(Origin(), AsPath2(65001), Attr(0x40, 3, "c00002")), nlri: Nlri10()),
            3, 5, Taw, "400303c00002");
        Row("update: MED of 3 octets (7606 7.4)", Update(attributes: Cat(Mandatory(), Attr(0x80, 4, "000001")), nlri: Nlri10()),
            3, 5, Taw, "800403000001");
        Row("update: LOCAL_PREF of 5 octets (7606 7.5)", Update(attributes: Cat(Mandatory(), Attr(0x40, 5, "0000000064")), nlri: Nlri10()),
            3, 5, Taw, "4005050000000064");
        Row("update: ATOMIC_AGGREGATE of 1 octet (7606 7.6)", Update(attributes: Cat(Mandatory(), Attr(0x40, 6, "00")), nlri: Nlri10()),
            3, 5, Discard, "40060100");
        Row("update: AGGREGATOR of 5 octets (7606 7.7)", Update(attributes: Cat(Mandatory(), Attr(0xC0, 7, "fde9c00002")), nlri: Nlri10()),
            3, 5, Discard, "c00705fde9c00002");
        Row("update: COMMUNITIES of 5 octets (7606 7.8)", Update(attributes: Cat(Mandatory(), Attr(0xC0, 8, "fde9000101")), nlri: Nlri10()),
            3, 5, Taw, "c00805fde9000101");
        Row("update: ORIGINATOR_ID of 3 octets (7606 7.9)", Update(attributes: Cat(Mandatory(), Attr(0x80, 9, "0a0000")), nlri: Nlri10()),
            3, 5, Taw, "8009030a0000");
        Row("update: CLUSTER_LIST of 5 octets (7606 7.10)", Update(attributes: Cat(Mandatory(), Attr(0x80, 10, "0a00000101")), nlri: Nlri10()),
            3, 5, Taw, "800a050a00000101");
        Row("update: EXTENDED COMMUNITIES of 7 octets (7606 7.14)", Update(attributes: Cat(Mandatory(), Attr(0xC0, 16, "00020000000001")), nlri: Nlri10()),
            3, 5, Taw, "c0100700020000000001");
        Row("update: AS4_AGGREGATOR of 7 octets (RFC 6793 6)", Update(attributes: Cat(Mandatory(), Attr(0xC0, 18, "0000fde9c00002")), nlri: Nlri10()),
            3, 5, Discard, "c012070000fde9c00002");
        Row("update: LARGE_COMMUNITY of 11 octets (RFC 8092 5)", Update(attributes: Cat(Mandatory(), Attr(0xC0, 32, "0000fde9000000010000")), nlri: Nlri10()),
            3, 5, Taw, "c0200a0000fde9000000010000");
        Row("update: LARGE_COMMUNITY of 13 octets (RFC 8092 5)",
            Update(attributes: Cat(Mandatory(), Attr(0xC0, 32, "0000fde900000001000000020a")), nlri: Nlri10()),
            3, 5, Taw, "c0200d0000fde900000001000000020a");
        Row("update: ONLY_TO_CUSTOMER of 3 octets (RFC 9234 5)", Update(attributes: Cat(Mandatory(), Attr(0xC0, 35, "00fde9")), nlri: Nlri10()),
            3, 5, Taw, "c0230300fde9");

        // RFC 4271 6.3 Invalid ORIGIN, data = the attribute; RFC 7606 7.1 treat-as-withdraw.
        Row("update: ORIGIN 3", Update(attributes: Cat(Origin(3), AsPath2(65001), NextHop()), nlri: Nlri10()), 3, 6, Taw, "40010103");

        // RFC 7606 7.2: malformed AS_PATH, treat-as-withdraw.
        Row("update: AS_PATH segment overruns", Update(attributes: Cat(Origin(), Attr(0x40, 2, "0203fde9fdea"), NextHop()), nlri: Nlri10()), 3, 11, Taw);
        Row("update: AS_PATH segment of length 0", Update(attributes: Cat(Origin(), Attr(0x40, 2, "0200"), NextHop()), nlri: Nlri10()), 3, 11, Taw);
        Row("update: AS_PATH segment type 5", Update(attributes: Cat(Origin(), Attr(0x40, 2, "0501fde9"), NextHop()), nlri: Nlri10()), 3, 11, Taw);
        Row("update: AS_PATH one octet left over", Update(attributes: Cat(Origin(), Attr(0x40, 2, "0201fde902"), NextHop()), nlri: Nlri10()), 3, 11, Taw);

        // RFC 4271 6.3 Invalid Network Field; RFC 7606 5.3 session reset when the NLRI cannot be parsed.
        Row("update: NLRI prefix length 33", Update(attributes: Mandatory(), nlri: [33, 10, 0, 0, 0, 0]), 3, 10, Reset);
        Row("update: NLRI prefix overruns", Update(attributes: Mandatory(), nlri: [24, 10, 0]), 3, 10, Reset);
        Row("update: withdrawn prefix length 33", Update(withdrawn: [33, 10, 0, 0, 0, 0]), 3, 10, Reset);

        // RFC 4760 7 / RFC 7606 7.11: an MP_REACH_NLRI whose next hop cannot be right is a session reset.
        Row("update: MP_REACH IPv6 next hop of 8 octets",
            Update(attributes: Cat(Origin(), AsPath2(65001), Attr(0x80, 14, "00020108" + "20010db800000000" + "00" + "2020010db8"))), 3, 9, Reset);
        Row("update: MP_REACH next hop runs past the attribute",
            Update(attributes: Cat(Origin(), AsPath2(65001), Attr(0x80, 14, "00020120" + "20010db8"))), 3, 9, Reset);

        // RFC 6793 6: a malformed AS4_PATH is discarded.
        Row("update: AS4_PATH segment overruns", Update(attributes: Cat(Mandatory(), Attr(0xC0, 17, "02020000fde9")), nlri: Nlri10()), 3, 9, Discard);
        Row("update: AS4_PATH with a confederation segment", Update(attributes: Cat(Mandatory(), Attr(0xC0, 17, "03010000fde9")), nlri: Nlri10()), 3, 9, Discard);

        // RFC 7313 5: a BoRR/EoRR of other than 4 octets of body, data = the whole message.
        var borr = Message(5, [0, 1, 1, 1, 0xAA]);
        Row("route-refresh: BoRR with an extra octet", borr, 7, 1, Reset, Hex.Of(borr));
        var eorr = Message(5, [0, 1, 2, 1, 0xAA, 0xBB]);
        Row("route-refresh: EoRR with extra octets", eorr, 7, 1, Reset, Hex.Of(eorr));
        return t;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decode_MalformedMessage_GivesTheRfcError(string name, string messageHex, byte code, byte subcode, ErrorAction action, string? dataHex)
    {
        var result = BgpDecoder.Decode(Hex.Bytes(messageHex), CodecOptions.Default);
        BgpError? error;
        if (action == Reset)
        {
            Assert.False(result.Success, $"{name}: decoded as a message, expected {code}/{subcode}");
            error = result.Error;
        }
        else
        {
            Assert.True(result.Success, $"{name}: {result.Error}");
            var update = Assert.IsType<UpdateMessage>(result.Message);
            error = Assert.Single(update.Errors);
            Assert.Equal(action == Taw, update.TreatAsWithdraw);
        }
        Assert.Equal((code, subcode, action), ((byte)error.Code, error.Subcode, error.Action));
        if (dataHex is not null) Assert.Equal(dataHex, Hex.Of(error.Data));
    }

    [Fact]
    public void Decode_OpenLongerThan4096WithExtendedMessages_GivesBadMessageLength()
    {
        // RFC 8654 3: the extended maximum never applies to OPEN, so 4097 octets stay a 1/2 error.
        var open = Message(1, Cat(Open()[19..], new byte[4078 - 10]));
        var extended = CodecOptions.FourOctet with { ExtendedMessage = true };
        Assert.Equal(4097, open.Length);
        var error = BgpDecoder.Decode(open, extended).Error;
        Assert.NotNull(error);
        Assert.Equal((NotificationCode.MessageHeaderError, (byte)2, "1001"), (error.Code, error.Subcode, Hex.Of(error.Data)));
        // The same length is fine for an UPDATE once extended messages are negotiated.
        Assert.True(BgpDecoder.Decode(Update(withdrawn: new byte[4074].Select((_, i) => (byte)(i % 2 == 0 ? 8 : 10)).ToArray()), extended).Success);
    }

    [Fact]
    public void Decode_UpdateThatOnlyWithdraws_NeedsNoMandatoryAttributes()
    {
        // RFC 4271 5 / RFC 7606 3 d: ORIGIN, AS_PATH and NEXT_HOP are required only when NLRI are announced.
        var result = BgpDecoder.Decode(Update(withdrawn: Nlri10()), CodecOptions.Default);
        var update = Assert.IsType<UpdateMessage>(result.Message);
        Assert.Empty(update.Errors);
        Assert.Single(update.Withdrawn);
        var mpOnly = BgpDecoder.Decode(Update(attributes: Attr(0x80, 15, "000201" + "2020010db8")), CodecOptions.Default);
        Assert.Empty(Assert.IsType<UpdateMessage>(mpOnly.Message).Errors);
    }

    [Fact]
    public void Decode_MpReachWithoutNextHopAttribute_NeedsNoNextHop()
    {
        // RFC 4760 3: an UPDATE carrying only MP_REACH_NLRI needs no NEXT_HOP attribute, but ORIGIN and AS_PATH.
        var mpReach = Attr(0x80, 14, "0002011020010db8000000000000000000000001" + "00" + "2020010db8");
        var ok = BgpDecoder.Decode(Update(attributes: Cat(Origin(), AsPath2(65001), mpReach)), CodecOptions.Default);
        Assert.Empty(Assert.IsType<UpdateMessage>(ok.Message).Errors);
        var noOrigin = BgpDecoder.Decode(Update(attributes: Cat(AsPath2(65001), mpReach)), CodecOptions.Default);
        var error = Assert.Single(Assert.IsType<UpdateMessage>(noOrigin.Message).Errors);
        Assert.Equal((3, 3, ErrorAction.TreatAsWithdraw, "01"), ((int)error.Code, (int)error.Subcode, error.Action, Hex.Of(error.Data)));
    }
}

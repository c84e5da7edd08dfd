using System.Buffers.Binary;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Mrt;

namespace Bgp.Protocol.Tests.Mrt;

/// <summary>BGP4MP subtypes that the corpus does not hold: ADDPATH (RFC 8050 3) and LOCAL (RFC 6396 4.4.4).</summary>
public sealed class Bgp4mpRecordTests
{
    // UPDATE: ORIGIN IGP, AS_PATH 65001 (4-octet), NEXT_HOP 192.0.2.1, NLRI path id 7 + 10.0.0.0/24.
    private static readonly byte[] AddPathUpdate =
    [
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 51, 2,
        0, 0, 0, 20,
        0x40, 1, 1, 0,
        0x40, 2, 6, 2, 1, 0, 0, 0xfd, 0xe9,
        0x40, 3, 4, 192, 0, 2, 1,
        0, 0, 0, 7, 24, 10, 0, 0,
    ];

    [Fact]
    public void Read_MessageAs4AddPath_ReadsPathIdsWithoutAnyOpen()
    {
        var (records, error) = MrtFixtures.Read(Record(16, (ushort)Bgp4mpSubtype.MessageAs4AddPath, AddPathUpdate));

        Assert.Null(error);
        var m = Assert.IsType<Bgp4mpMessage>(Assert.Single(records));
        Assert.Null(m.Error);
        Assert.False(m.IsLocal);
        var nlri = Assert.Single(Assert.IsType<UpdateMessage>(m.Message).Nlri);
        Assert.Equal(new Nlri(Prefix.Parse("10.0.0.0/24"), 7), nlri);
        Assert.Equal(["BGP4MP_AP|1000|A|198.51.100.1|65001|10.0.0.0/24|7|65001|IGP|192.0.2.1|0|0||NAG||"], MrtFixtures.Format(records));
    }

    [Fact]
    public void Read_PlainMessageAs4WithAddPathBytesAndNoOpen_ReadsRfc4271Prefixes()
    {
        // Without an ADD-PATH subtype or an OPEN offering it, RFC 4271 framing applies: the path id octets
        // 00 00 00 07 read as three default routes and a /7 (what bgpdump shows for the BIRD sample).
        var (records, _) = MrtFixtures.Read(Record(16, (ushort)Bgp4mpSubtype.MessageAs4, AddPathUpdate));

        var m = Assert.IsType<Bgp4mpMessage>(Assert.Single(records));
        Assert.Null(m.Error);
        Assert.Equal(["0.0.0.0/0", "0.0.0.0/0", "0.0.0.0/0", "24.0.0.0/7", "0.0.0.0/10"],
            Assert.IsType<UpdateMessage>(m.Message).Nlri.Select(n => n.ToString()));
    }

    [Fact]
    public void Read_MessageAs4LocalAddPathEt_FlagsLocalAndPrintsMicroseconds()
    {
        byte[] body = [0, 0, 0, 42, .. AddPathUpdate];
        var (records, _) = MrtFixtures.Read(Record(17, (ushort)Bgp4mpSubtype.MessageAs4LocalAddPath, body, microseconds: true));

        var m = Assert.IsType<Bgp4mpMessage>(Assert.Single(records));
        Assert.True(m.IsLocal);
        Assert.Equal(42u, m.Header.Microseconds);
        Assert.StartsWith("BGP4MP_ET_AP|1000.000042|A|198.51.100.1|65001|10.0.0.0/24|7|", Assert.Single(MrtFixtures.Format(records)), StringComparison.Ordinal);
    }

    private static byte[] Record(ushort type, ushort subtype, byte[] message, bool microseconds = false)
    {
        // Peer AS 65001, local AS 65002 (4 octets each), ifindex 0, AFI 1, peer 198.51.100.1, local 198.51.100.2.
        byte[] peer = [0, 0, 0xfd, 0xe9, 0, 0, 0xfd, 0xea, 0, 0, 0, 1, 198, 51, 100, 1, 198, 51, 100, 2];
        byte[] body = microseconds ? [.. message[..4], .. peer, .. message[4..]] : [.. peer, .. message];
        byte[] header = new byte[MrtHeader.Size];
        BinaryPrimitives.WriteUInt32BigEndian(header, 1000);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), subtype);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), (uint)body.Length);
        return [.. header, .. body];
    }
}

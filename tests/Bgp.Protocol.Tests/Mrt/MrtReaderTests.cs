using System.Buffers.Binary;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Mrt;

namespace Bgp.Protocol.Tests.Mrt;

/// <summary>Framing, bounds and damage: truncated, oversized and malformed records.</summary>
public sealed class MrtReaderTests
{
    [Theory]
    [InlineData("mrtparse__quagga_bgp", true)]
    [InlineData("mrtparse__openbgpd_rib_table-v2", true)]
    [InlineData("ris-via-bgpdump__bview.ipv4_unicast_add_path.gz", false)]
    [InlineData("ris-via-bgpdump__updates.et-header.2015.first400.gz", false)]
    [InlineData("routeviews-via-pyasn__rib.20140523.0600.first100.gz", true)]
    public void Read_FileCutAtSeveralOffsets_KeepsRecordsBeforeCutAndNamesBrokenRecordOffset(string name, bool seekable)
    {
        byte[] data = MrtFixtures.Bytes(name);
        var (full, _) = MrtFixtures.Read(data);
        var fullLines = full.Select(r => string.Join('\n', MrtFixtures.Format([r]))).ToList();
        int n = full.Count;
        // Inside the first header, inside a body early on, in the middle, one octet short of the end,
        // and exactly on a record boundary (which is a clean end).
        long[] cuts =
        [
            5,
            full[1].Header.Offset + MrtHeader.Size + 1,
            full[n / 2].Header.Offset + 7,
            full[n / 2].Header.Offset + MrtHeader.Size + full[n / 2].Header.Length / 2,
            data.Length - 1,
            full[n - 3].Header.Offset,
        ];
        foreach (long cut in cuts)
        {
            var (records, error) = MrtFixtures.Read(data[..(int)cut], seekable);

            // The records before the cut are all kept, decoded the same as from the whole file.
            int broken = full.FindLastIndex(r => r.Header.Offset < cut);
            if (cut == full[n - 3].Header.Offset)
            {
                Assert.Null(error);
                Assert.Equal(n - 3, records.Count);
            }
            else
            {
                Assert.NotNull(error);
                Assert.Equal(broken, error.Index);
                Assert.Equal(full[broken].Header.Offset, error.Offset);
                Assert.Contains($"byte offset {full[broken].Header.Offset}", error.ToString(), StringComparison.Ordinal);
                Assert.Equal(broken, records.Count);
            }
            Assert.Equal(fullLines.Take(records.Count), records.Select(r => string.Join('\n', MrtFixtures.Format([r]))));
            Assert.Equal(full.Take(records.Count).Select(r => r.Header), records.Select(r => r.Header));
        }
    }

    [Fact]
    public void Read_CorruptLengthMidFile_StopsThereWithRecordIndexAndOffset()
    {
        byte[] data = MrtFixtures.Bytes("ris-via-bgpdump__updates.20020722.2238.gz");
        var (full, _) = MrtFixtures.Read(data);
        var victim = full[500].Header;
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan((int)victim.Offset + 8), 0x7FFFFFF0);

        var (records, error) = MrtFixtures.Read(data, seekable: false);

        Assert.Equal(500, records.Count);
        Assert.NotNull(error);
        Assert.Equal(500, error.Index);
        Assert.Equal(victim.Offset, error.Offset);
        Assert.Contains("over the limit", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LengthPastEndOfSeekableStream_RefusedBeforeReading()
    {
        byte[] record = Header(1, 13, 2, 1000);
        using var reader = new MrtReader(new MemoryStream(record), maxRecordLength: 1 << 20);

        Assert.False(reader.TryRead(out _));
        Assert.NotNull(reader.Error);
        Assert.Equal(0, reader.Error.Offset);
        Assert.Contains("runs past the end", reader.Error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HugeLengthOnUnseekableStream_DoesNotAllocateFromLength()
    {
        // 16 MB - 1 claimed, 100 octets present: the buffer grows only with the bytes that arrive.
        byte[] data = [.. Header(1, 16, 4, MrtReader.DefaultMaxRecordLength - 1), .. new byte[100]];
        long before = GC.GetAllocatedBytesForCurrentThread();
        var (records, error) = MrtFixtures.Read(data, seekable: false);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Empty(records);
        Assert.NotNull(error);
        Assert.Contains("ends inside the record body (100 of", error.Reason, StringComparison.Ordinal);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Read_MalformedBodyBetweenGoodRecords_ReturnsMalformedAndContinues()
    {
        byte[] quagga = MrtFixtures.Bytes("mrtparse__quagga_rib");
        // A PEER_INDEX_TABLE claiming 5000 peers in 8 octets, then the whole good file.
        byte[] bad = [.. Header(7, 13, 1, 8), 0, 0, 0, 1, 0, 0, 0x13, 0x88];
        var (records, error) = MrtFixtures.Read([.. bad, .. quagga]);

        Assert.Null(error);
        var malformed = Assert.IsType<MalformedMrtRecord>(records[0]);
        Assert.Contains("5000 peers", malformed.Reason, StringComparison.Ordinal);
        Assert.Equal(8, records.Count);
        Assert.Equal(MrtFixtures.CompanionLines("mrtparse__quagga_rib", ".bgpdump.txt"), MrtFixtures.Format(records));
        Assert.Equal(bad.Length, records[1].Header.Offset);
    }

    [Fact]
    public void Read_EtRecordShorterThanMicroseconds_IsMalformed()
    {
        var (records, error) = MrtFixtures.Read([.. Header(1, 17, 4, 2), 0, 0]);

        Assert.Null(error);
        Assert.IsType<MalformedMrtRecord>(Assert.Single(records));
    }

    [Fact]
    public void Read_UnknownType_KeptAsUnknownRecord()
    {
        var (records, error) = MrtFixtures.Read([.. Header(1, 11, 0, 3), 1, 2, 3]);

        Assert.Null(error);
        var unknown = Assert.IsType<UnknownMrtRecord>(Assert.Single(records));
        Assert.Equal(new byte[] { 1, 2, 3 }, unknown.Body.ToArray());
    }

    [Fact]
    public void Read_EtHeader_MicrosecondsComeFromBody()
    {
        var (records, _) = MrtFixtures.Read(MrtFixtures.Bytes("ris-via-bgpdump__updates.et-header.2015.first400.gz"));

        Assert.Equal(509481u, records[0].Header.Microseconds);
        Assert.True(records[0].Header.HasMicroseconds);
    }

    [Fact]
    public void DecodeAttributes_AbbreviatedMpReachInRibEntry_ReadsNextHopForRibFamily()
    {
        // ORIGIN IGP, AS_PATH (4-octet) 65001, MP_REACH_NLRI abbreviated: length 16 + 2001:db8::1 (RFC 6396 4.3.4).
        byte[] attrs =
        [
            0x40, 1, 1, 0,
            0x40, 2, 6, 2, 1, 0, 0, 0xFD, 0xE9,
            0x80, 14, 17, 16, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
        ];
        var block = BgpDecoder.DecodeAttributes(attrs, CodecOptions.FourOctet, AfiSafi.Ipv6Unicast);

        Assert.Null(block.Error);
        Assert.Empty(block.Errors);
        Assert.Equal("65001", block.Attributes.AsPath?.ToString());
        Assert.Equal(AfiSafi.Ipv6Unicast, block.MpReach?.Family);
        Assert.Equal(System.Net.IPAddress.Parse("2001:db8::1"), block.MpReach?.NextHop);
        Assert.Empty(block.MpReach!.Nlri);
    }

    [Fact]
    public void DecodeAttributes_FullMpReachInRibEntry_StillDecoded()
    {
        // Some writers keep the whole attribute: AFI 2, SAFI 1, next hop 16, reserved, no NLRI.
        byte[] attrs = [0x80, 14, 21, 0, 2, 1, 16, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0];
        var block = BgpDecoder.DecodeAttributes(attrs, CodecOptions.FourOctet, AfiSafi.Ipv6Unicast);

        Assert.Null(block.Error);
        Assert.Equal(System.Net.IPAddress.Parse("2001:db8::2"), block.MpReach?.NextHop);
    }

    [Theory]
    [InlineData("mrtparse__quagga_bgp")]
    [InlineData("mrtparse__bird_bgp")]
    [InlineData("mrtparse__openbgpd_rib_table-v2")]
    [InlineData("ris-via-bgpdump__bview.ipv4_unicast_add_path.gz")]
    public void Read_RandomlyCorruptedBytes_NeverThrowsAndKeepsRecordsBeforeDamage(string name)
    {
        byte[] original = MrtFixtures.Bytes(name);
        var (full, _) = MrtFixtures.Read(original);
        var random = new Random(6396);
        for (int round = 0; round < 300; round++)
        {
            byte[] data = (byte[])original.Clone();
            int first = int.MaxValue;
            for (int k = 0; k < 1 + round % 4; k++)
            {
                int at = random.Next(data.Length);
                data[at] = (byte)random.Next(256);
                first = Math.Min(first, at);
            }

            var (records, _) = MrtFixtures.Read(data, seekable: round % 2 == 0);
            _ = MrtFixtures.Format(records);

            // Every record that ends before the first damaged octet reads as before.
            int intact = full.FindIndex(r => r.Header.Offset + MrtHeader.Size + r.Header.Length > first);
            if (intact < 0) intact = full.Count;
            Assert.True(records.Count >= intact, $"round {round}: {records.Count} records, {intact} were intact");
            Assert.Equal(full.Take(intact).Select(r => r.Header), records.Take(intact).Select(r => r.Header));
        }
    }

    private static byte[] Header(uint timestamp, ushort type, ushort subtype, uint length)
    {
        byte[] h = new byte[MrtHeader.Size];
        BinaryPrimitives.WriteUInt32BigEndian(h, timestamp);
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(6), subtype);
        BinaryPrimitives.WriteUInt32BigEndian(h.AsSpan(8), length);
        return h;
    }
}

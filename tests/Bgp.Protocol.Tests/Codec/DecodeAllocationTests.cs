using System.Net;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;

namespace Bgp.Protocol.Tests.Codec;

/// <summary>
/// House rule 3 and DESIGN "allocate per message, not per prefix": decoding the same UPDATE again and
/// again allocates a bounded amount, and each extra prefix costs only its slot in the result array.
/// </summary>
public class DecodeAllocationTests
{
    private static readonly PathAttributes Attrs = new()
    {
        Origin = Origin.Igp,
        AsPath = AsPath.FromSequence(64500, 65550, 4200000000),
        NextHop = IPAddress.Parse("192.0.2.1"),
        MultiExitDisc = 10,
        Communities = [0xFDE80001, 0xFDE80002],
        LargeCommunities = [new LargeCommunity(64500, 1, 2)],
    };

    private static byte[] Classic(int n) => BgpEncoder.ToArray(new UpdateMessage
    {
        Attributes = Attrs,
        Nlri = [.. Enumerable.Range(0, n).Select(i => new Nlri(Prefix.V4(0x0A000000u | (uint)i << 8, 24)))],
    }, CodecOptions.FourOctet);

    private static byte[] Ipv6(int n) => BgpEncoder.ToArray(new UpdateMessage
    {
        Attributes = Attrs,
        MpReach = new MpReachNlri
        {
            Family = AfiSafi.Ipv6Unicast,
            NextHopBytes = [.. BgpEncoder.NextHopBytes(IPAddress.Parse("2001:db8::1"))],
            Nlri = [.. Enumerable.Range(0, n).Select(i => new Nlri(Prefix.V6(0x2001_0db8_0000_0000UL | (ulong)i << 16, 0, 48)))],
        },
    }, CodecOptions.FourOctet);

    private static long BytesPerDecode(byte[] message)
    {
        const int Rounds = 200;
        for (int i = 0; i < 20; i++) Assert.True(BgpDecoder.Decode(message, CodecOptions.FourOctet).Success);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Rounds; i++) BgpDecoder.Decode(message, CodecOptions.FourOctet);
        return (GC.GetAllocatedBytesForCurrentThread() - before) / Rounds;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Decode_SameUpdateRepeatedly_AllocatesPerMessageNotPerPrefix(bool ipv6)
    {
        Func<int, byte[]> build = ipv6 ? Ipv6 : Classic;
        int small = 10, large = ipv6 ? 300 : 500;
        byte[] large500 = build(large);
        Assert.True(large500.Length <= BgpConstants.MaxMessageLength);
        long perSmall = BytesPerDecode(build(small));
        long perLarge = BytesPerDecode(large500);
        double perExtraPrefix = (double)(perLarge - perSmall) / (large - small);
        // One Nlri (Prefix of two ulongs + length + family, plus a uint path id) is 32 octets in the result array.
        Assert.True(perExtraPrefix < 64, $"{perExtraPrefix:F1} octets per extra prefix ({perSmall} for {small}, {perLarge} for {large})");
        // The fixed part (message, attribute set, its arrays) stays small and independent of the prefix count.
        Assert.True(perSmall < 4096, $"{perSmall} octets to decode a {small}-prefix UPDATE");
    }

    [Fact]
    public void CheckHeader_AcceptableHeader_AllocatesNothing()
    {
        // The framer and the decoder each check every header: only a bad one may allocate (its error data).
        byte[] message = Classic(10);
        for (int i = 0; i < 20; i++) Assert.Null(BgpDecoder.CheckHeader(message, BgpConstants.MaxMessageLength, out _, out _));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) BgpDecoder.CheckHeader(message, BgpConstants.MaxMessageLength, out _, out _);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

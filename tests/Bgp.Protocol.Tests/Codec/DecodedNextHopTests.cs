using System.Net;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;

namespace Bgp.Protocol.Tests.Codec;

/// <summary>
/// UPDATEs through the same next hop decode to one shared IPAddress (DecodedAddresses), on any thread: the RIB's
/// interner keeps the first instance of a next hop and copied every later set that brought an equal but different
/// one. Different addresses must still decode to their own values, however they collide in the table.
/// </summary>
[Collection(SharedNextHopsCollection.Name)]
public class DecodedNextHopTests
{
    private static UpdateMessage Decode(byte[] message)
    {
        var result = BgpDecoder.Decode(message, CodecOptions.FourOctet);
        Assert.True(result.Success);
        return (UpdateMessage)result.Message!;
    }

    private static byte[] Classic(string nextHop, uint asn) => BgpEncoder.ToArray(new UpdateMessage
    {
        Attributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(asn), NextHop = IPAddress.Parse(nextHop) },
        Nlri = [new Nlri(Prefix.V4(0x0A000000u, 24))],
    }, CodecOptions.FourOctet);

    private static byte[] Ipv6(string global, string? linkLocal, uint asn) => BgpEncoder.ToArray(new UpdateMessage
    {
        Attributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(asn) },
        MpReach = new MpReachNlri
        {
            Family = AfiSafi.Ipv6Unicast,
            NextHopBytes = [.. BgpEncoder.NextHopBytes(IPAddress.Parse(global), linkLocal is null ? null : IPAddress.Parse(linkLocal))],
            Nlri = [new Nlri(Prefix.V6(0x2001_0db8_0000_0000UL, 0, 48))],
        },
    }, CodecOptions.FourOctet);

    [Fact]
    public async Task Decode_TwoUpdatesSameNextHopOnTwoThreads_ShareOneAddress()
    {
        var first = Decode(Classic("192.0.2.77", 65001)).Attributes.NextHop;
        var second = await Task.Run(() => Decode(Classic("192.0.2.77", 65002)).Attributes.NextHop);

        Assert.Equal(IPAddress.Parse("192.0.2.77"), first);
        Assert.Same(first, second);
    }

    [Fact]
    public void Decode_TwoIpv6UpdatesSameNextHops_ShareGlobalAndLinkLocal()
    {
        var first = Decode(Ipv6("2001:db8::77", "fe80::77", 65001)).MpReach!;
        var second = Decode(Ipv6("2001:db8::77", "fe80::77", 65002)).MpReach!;

        Assert.Equal(IPAddress.Parse("2001:db8::77"), first.NextHop);
        Assert.Equal(IPAddress.Parse("fe80::77"), first.LinkLocalNextHop);
        Assert.Same(first.NextHop, second.NextHop);
        Assert.Same(first.LinkLocalNextHop, second.LinkLocalNextHop);
    }

    [Fact]
    public void Decode_ManyDifferentNextHops_EachItsOwnValue()
    {
        // More addresses than the table has slots, twice over, so that slots are taken over again and again.
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < 300; i++)
            {
                string v4 = $"198.51.{i / 256}.{i % 256}";
                Assert.Equal(IPAddress.Parse(v4), Decode(Classic(v4, 65001)).Attributes.NextHop);
                string v6 = $"2001:db8::{i:x}";
                Assert.Equal(IPAddress.Parse(v6), Decode(Ipv6(v6, null, 65001)).MpReach!.NextHop);
            }
        }
    }
}

using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;

namespace Bgp.Rib.Tests;

/// <summary>
/// Sets decoded from UPDATEs through one next hop are interned as they are: the decoder hands out the next hop
/// instance the interner already keeps, so no set is copied to share it (a copy per UPDATE of a full table, with a
/// second hash of the set, before).
/// </summary>
[Collection(SharedNextHopsCollection.Name)]
public sealed class DecodedSetInterningTests
{
    private static PathAttributes Decoded(uint asn)
    {
        var message = BgpEncoder.ToArray(new UpdateMessage
        {
            Attributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(asn, 3356), NextHop = IPAddress.Parse("192.0.2.91") },
            Nlri = [new Nlri(Prefix.V4(0x0A000000u + (asn << 8), 24))],
        }, CodecOptions.FourOctet);
        var result = BgpDecoder.Decode(message, CodecOptions.FourOctet);
        Assert.True(result.Success);
        return ((UpdateMessage)result.Message!).Attributes;
    }

    [Fact]
    public void Intern_SetsOfConsecutiveUpdatesSameNextHop_KeptWithoutACopy()
    {
        var interner = new AttributeInterner();
        var first = Decoded(65001);
        var second = Decoded(65002);

        var a = interner.Intern(first);
        var b = interner.Intern(second);

        Assert.Same(first, a.Attributes);
        Assert.Same(second, b.Attributes);
        Assert.Same(a.NextHop, b.NextHop);
    }
}

using Bgp.Protocol.Attributes;
using Bgp.Protocol.Messages;
using Bgp.Testing.Arbitraries;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bgp.Protocol.Tests.RoundTrip;

/// <summary>UPDATE and every attribute kind survive encode then decode on a session with matching options.</summary>
[Properties(Arbitrary = [typeof(BgpArbitraries)], MaxTest = 300)]
public class UpdateRoundTripTests
{
    [Property]
    public void Update_EncodedThenDecoded_IsEqualWithNoErrors(UpdateCase c)
    {
        var decoded = Wire.RoundTrip(c.Message, c.Options);
        Assert.Empty(decoded.Errors);
        Assert.Equal(c.Message, decoded);
        Assert.Equal(c.Message.Attributes.GetHashCode(), decoded.Attributes.GetHashCode());
    }

    [Property]
    public void Update_DefaultFourOctetSession_IsEqual(UpdateMessage message)
    {
        var decoded = Wire.RoundTrip(message, CodecOptions.FourOctet);
        Assert.Empty(decoded.Errors);
        Assert.Equal(message, decoded);
    }

    /// <summary>Every attribute kind, carried by an UPDATE that announces one route.</summary>
    [Property]
    public void PathAttributes_EncodedThenDecoded_AreEqual(PathAttributes attributes)
    {
        var message = new UpdateMessage { Attributes = attributes };
        var decoded = Wire.RoundTrip(message, CodecOptions.FourOctet);
        Assert.Equal(attributes, decoded.Attributes);
    }

    /// <summary>With 2-octet AS numbers only, a 2-octet session carries the attributes exactly, AS4_PATH included when set.</summary>
    [Property]
    public Property Update_TwoOctetSessionWithNarrowAsns_IsEqual()
    {
        var gen = from o in BgpGen.Options
                  let two = o with { FourOctetAs = false }
                  from u in BgpGen.Update(two)
                  select new UpdateCase(two, u);
        return Prop.ForAll(Arb.From(gen), c =>
        {
            var decoded = Wire.RoundTrip(c.Message, c.Options);
            Assert.Empty(decoded.Errors);
            Assert.Equal(c.Message, decoded);
        });
    }

    [Property]
    public void MpReach_EncodedThenDecoded_IsEqualWithItsAddresses(MpReachNlri reach)
    {
        var message = new UpdateMessage
        {
            MpReach = reach,
            Attributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.Empty },
        };
        var decoded = Wire.RoundTrip(message, CodecOptions.FourOctet);
        Assert.Empty(decoded.Errors);
        Assert.Equal(reach, decoded.MpReach);
        if (reach.Family.IsUnicastIp)
        {
            // RFC 2545 3 / RFC 8950 3: the next hop field splits into the global and link-local address.
            Assert.Equal(reach.NextHop, decoded.MpReach!.NextHop);
            Assert.Equal(reach.LinkLocalNextHop, decoded.MpReach.LinkLocalNextHop);
        }
    }

    [Property]
    public void MpUnreach_EncodedThenDecoded_IsEqual(MpUnreachNlri unreach)
    {
        var decoded = Wire.RoundTrip(new UpdateMessage { MpUnreach = unreach }, CodecOptions.FourOctet);
        Assert.Empty(decoded.Errors);
        Assert.Equal(unreach, decoded.MpUnreach);
        Assert.Equal(unreach.IsEmpty ? unreach.Family : null, decoded.EndOfRib);
    }
}

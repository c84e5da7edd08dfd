using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using Bgp.Testing.Arbitraries;
using FsCheck.Xunit;

namespace Bgp.Protocol.Tests.RoundTrip;

/// <summary>
/// RFC 6793 4.2.2 / 4.2.3 end to end: a NEW speaker sends wide AS numbers to an OLD one as AS_TRANS plus
/// AS4_PATH / AS4_AGGREGATOR, and the merge at the far end gives back the original path.
/// </summary>
[Properties(Arbitrary = [typeof(BgpArbitraries)], MaxTest = 300)]
public class As4PathRoundTripTests
{
    private static readonly CodecOptions TwoOctet = CodecOptions.Default;

    private static UpdateMessage Announce(PathAttributes a) =>
        new() { Attributes = a, Nlri = [new Nlri(Prefix.Parse("192.0.2.0/24"))] };

    [Property]
    public void WideAsns_SentTwoOctetThenMerged_GiveTheOriginalPath(WideAsAttributes c)
    {
        var decoded = Wire.RoundTrip(Announce(c.Attributes), TwoOctet);
        Assert.Empty(decoded.Errors);
        var onWire = decoded.Attributes;
        // On the wire no AS number above 65535 is left in AS_PATH or AGGREGATOR.
        Assert.All(onWire.AsPath!.Segments, s => Assert.All(s.Asns, a => Assert.True(a <= ushort.MaxValue)));
        Assert.True(onWire.Aggregator is null || onWire.Aggregator.Value.Asn <= ushort.MaxValue);

        var merged = AsPathMerger.Merge(onWire);
        Assert.Equal(c.Attributes, merged);
    }

    [Property]
    public void WideAsns_SentFourOctet_ArriveUnchangedWithoutAs4Attributes(WideAsAttributes c)
    {
        var decoded = Wire.RoundTrip(Announce(c.Attributes), CodecOptions.FourOctet);
        Assert.Equal(c.Attributes, decoded.Attributes);
        Assert.Null(decoded.Attributes.As4Path);
        Assert.Null(decoded.Attributes.As4Aggregator);
    }

    /// <summary>
    /// A 2-octet AGGREGATOR tells the receiver that an OLD speaker aggregated after AS4_PATH was made, so
    /// AS4_PATH is ignored (RFC 6793 4.2.3) and AS_TRANS stays in the path.
    /// </summary>
    [Property]
    public void WideAsns_WithNarrowAggregator_KeepAsTransInThePath(WideAsAttributes c, ushort aggregatorAs)
    {
        uint asn = aggregatorAs is 0 or BgpConstants.AsTrans ? 1u : aggregatorAs;
        var a = c.Attributes;
        var attrs = new PathAttributes { Origin = a.Origin, AsPath = a.AsPath, NextHop = a.NextHop, Aggregator = new Aggregator(asn, 1) };
        var onWire = Wire.RoundTrip(Announce(attrs), TwoOctet).Attributes;
        var merged = AsPathMerger.Merge(onWire);
        Assert.Equal(new Aggregator(asn, 1), merged.Aggregator);
        Assert.Null(merged.As4Path);
        Assert.Equal(onWire.AsPath, merged.AsPath);
        bool wide = a.AsPath!.Segments.Any(s => s.Asns.Any(x => x > ushort.MaxValue));
        if (wide) Assert.True(merged.AsPath!.Contains(BgpConstants.AsTrans));
    }
}

using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Export;
using static Bgp.Rib.Tests.Export.ExportKit;

namespace Bgp.Rib.Tests.Export;

/// <summary>From a Loc-RIB set through the export rules and the Adj-RIB-Out to bytes, decoded back with BgpDecoder.</summary>
public class ExportOnTheWireTests
{
    private static UpdateAndInterner Send(ExportPeer peer, ExportSource source, PathAttributes attributes, CodecOptions options, Afi afi = Afi.Ipv4,
        IPAddress? nextHop = null)
    {
        var interner = new ExportInterner();
        var exporter = new PeerExporter(Speaker, peer, interner);
        var adj = new AdjRibOut(interner);
        var prefix = afi == Afi.Ipv4 ? Prefix.Parse("10.20.0.0/16") : Prefix.Parse("2001:db8:20::/48");
        Assert.Equal(ExportVerdict.Advertise, exporter.Export(source, afi, Route(attributes, nextHop), out var exported));
        adj.Announce(new Nlri(prefix), exported!);
        return new(Assert.Single(Drain(adj, options)), interner);
    }

    private sealed record UpdateAndInterner(Bgp.Protocol.Messages.UpdateMessage Update, ExportInterner Interner);

    [Fact]
    public void EbgpPeer_Decoded_HasOurAsFirstNextHopSelfAndNoLocalPrefMedOrReflectionAttributes()
    {
        var attributes = RibTestKit.Attrs(RibTestKit.Path(65001), localPref: 120, med: 9, originatorId: "10.0.0.3", clusterListLength: 1);
        var u = Send(Ebgp(), FromClient(), attributes, CodecOptions.FourOctet).Update;
        Assert.Equal(RibTestKit.Path(LocalAs, 65001), u.Attributes.AsPath);
        Assert.Equal(SelfV4, u.Attributes.NextHop);
        Assert.Null(u.Attributes.LocalPref);
        Assert.Null(u.Attributes.MultiExitDisc);
        Assert.Null(u.Attributes.OriginatorId);
        Assert.Empty(u.Attributes.ClusterList);
        Assert.Equal(Origin.Igp, u.Attributes.Origin);
    }

    [Fact]
    public void ClientPeer_Decoded_ReflectedRouteCarriesOriginatorClusterListLocalPrefAndOriginalNextHop()
    {
        var u = Send(Ibgp(client: true), FromNonClient(), RibTestKit.Attrs(), CodecOptions.FourOctet).Update;
        Assert.Equal(Bgp.Protocol.RouterId.Parse("10.0.0.2"), u.Attributes.OriginatorId);
        Assert.Equal([OurRouterId], u.Attributes.ClusterList.ToArray());
        Assert.Equal(100u, u.Attributes.LocalPref);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), u.Attributes.NextHop);
        Assert.Equal(RibTestKit.Path(65001, 65100), u.Attributes.AsPath);
    }

    [Fact]
    public void TwoOctetEbgpPeer_WideAs_SentAsTransWithAs4Path()
    {
        // RFC 6793 4.2.2: towards an old speaker a 4-octet AS becomes AS_TRANS and AS4_PATH carries the path.
        var speaker = RibTestKit.Attrs(RibTestKit.Path(4200000001));
        var u = Send(Ebgp(), FromEbgp(), speaker, CodecOptions.Default).Update;
        Assert.Equal(RibTestKit.Path(LocalAs, BgpConstants.AsTrans), u.Attributes.AsPath);
        Assert.Equal(RibTestKit.Path(LocalAs, 4200000001), u.Attributes.As4Path);
    }

    [Fact]
    public void Ipv6ToIbgp_UnchangedNextHop_GlobalOnlyInMpReach()
    {
        var attributes = RibTestKit.Attrs() with { NextHop = null };
        var u = Send(Ibgp(), FromEbgp(), attributes, CodecOptions.FourOctet, Afi.Ipv6, IPAddress.Parse("2001:db8:99::9")).Update;
        Assert.Equal(IPAddress.Parse("2001:db8:99::9"), u.MpReach!.NextHop);
        Assert.Null(u.MpReach.LinkLocalNextHop);
        Assert.Equal(100u, u.Attributes.LocalPref);
    }
}

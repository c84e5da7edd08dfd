using Bgp.Protocol;
using Bgp.Rib.Export;
using Bgp.Rib.Import;
using static Bgp.Rib.Tests.Export.ExportKit;

namespace Bgp.Rib.Tests.Export;

/// <summary>
/// RFC 4456 6 topologies on one reflector (cluster 10.0.0.1): client C1 (10.0.0.3), client C2, non-client
/// N1 (10.0.0.2), non-client N2.
/// </summary>
public class RouteReflectionTests
{
    private static readonly ExportPeer C2 = Ibgp(id: 21, client: true);
    private static readonly ExportPeer N2 = Ibgp(id: 22, client: false);

    private static (ExportVerdict Verdict, Bgp.Protocol.Attributes.PathAttributes? Sent) Reflect(ExportSource source, ExportPeer target,
        Bgp.Protocol.Attributes.PathAttributes? attributes = null)
    {
        var route = Route(attributes ?? RibTestKit.Attrs(localPref: 150));
        var exporter = new PeerExporter(Speaker, target, new ExportInterner());
        var verdict = exporter.Export(source, Afi.Ipv4, route, out var exported);
        return (verdict, exported?.Attributes);
    }

    [Fact]
    public void ClientRoute_ToOtherClient_ReflectedWithOriginatorAndClusterList()
    {
        // RFC 4456 6: "Reflect to all the Non-Client peers and also to the client peers"; 8: ORIGINATOR_ID, CLUSTER_LIST.
        var (verdict, sent) = Reflect(FromClient(), C2);
        Assert.Equal(ExportVerdict.Advertise, verdict);
        Assert.Equal(Bgp.Protocol.RouterId.Parse("10.0.0.3"), sent!.OriginatorId);
        Assert.Equal([OurRouterId], sent.ClusterList.ToArray());
        Assert.Equal(150u, sent.LocalPref);
        Assert.Equal(RibTestKit.Attrs().NextHop, sent.NextHop);
    }

    [Fact]
    public void ClientRoute_ToNonClient_Reflected()
    {
        var (verdict, sent) = Reflect(FromClient(), N2);
        Assert.Equal(ExportVerdict.Advertise, verdict);
        Assert.Equal([OurRouterId], sent!.ClusterList.ToArray());
    }

    [Fact]
    public void NonClientRoute_ToClient_ReflectedKeepingExistingOriginator()
    {
        // RFC 4456 8: ORIGINATOR_ID is set only "if it does not already exist"; CLUSTER_ID is prepended.
        var attributes = RibTestKit.Attrs(originatorId: "10.9.9.9") with { ClusterList = [7] };
        var (verdict, sent) = Reflect(FromNonClient(), C2, attributes);
        Assert.Equal(ExportVerdict.Advertise, verdict);
        Assert.Equal(Bgp.Protocol.RouterId.Parse("10.9.9.9"), sent!.OriginatorId);
        Assert.Equal([OurRouterId, 7u], sent.ClusterList.ToArray());
    }

    [Fact]
    public void NonClientRoute_ToNonClient_NotReflected()
    {
        // RFC 4456 6: non-client routes go "to all the Clients" only; RFC 4271 9.2 keeps them from other non-clients.
        var (verdict, sent) = Reflect(FromNonClient(), N2);
        Assert.Equal(ExportVerdict.InternalToInternal, verdict);
        Assert.Null(sent);
    }

    [Fact]
    public void ClusterListWithOurId_OnImport_RejectedAsLoop()
    {
        // A route we reflected came back through another cluster: RFC 4456 8 says ignore it.
        var attributes = RibTestKit.Attrs(originatorId: "10.0.0.3") with { ClusterList = [99, OurRouterId] };
        Assert.Equal(ImportLoop.ClusterList, LoopDetection.Check(attributes, fromInternalPeer: true, LocalAs, 0, OurRouterId, OurRouterId));
    }

    [Fact]
    public void ReflectedTwice_ThroughTwoClusters_SecondReflectorSeesItsOwnClusterAndStops()
    {
        // A chain: client -> RR1 (cluster 1) -> RR2 (cluster 2) -> back to RR1, which must reject it.
        var rr1 = Speaker with { ClusterId = 1 };
        var rr2 = new LocalSpeaker(LocalAs, Bgp.Protocol.RouterId.Parse("10.0.0.50")) { ClusterId = 2 };
        var first = new PeerExporter(rr1, Ibgp(id: 30), new ExportInterner());
        first.Export(FromClient(), Afi.Ipv4, Route(RibTestKit.Attrs()), out var atRr2);
        Assert.Equal(ImportLoop.None, LoopDetection.Check(atRr2!.Attributes, true, LocalAs, 0, rr2.RouterId, rr2.ClusterId));
        var second = new PeerExporter(rr2, Ibgp(id: 31, client: true), new ExportInterner());
        second.Export(FromNonClient(), Afi.Ipv4, Route(atRr2.Attributes), out var backAtRr1);
        Assert.Equal([2u, 1u], backAtRr1!.Attributes.ClusterList.ToArray());
        Assert.Equal(ImportLoop.ClusterList, LoopDetection.Check(backAtRr1.Attributes, true, LocalAs, 0, rr1.RouterId, rr1.ClusterId));
    }
}

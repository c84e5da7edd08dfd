using Bgp.Rib.Import;
using static Bgp.Rib.Tests.Export.ExportKit;

namespace Bgp.Rib.Tests.Export;

public class LoopDetectionTests
{
    [Theory]
    // RFC 4271 9.1.2: our AS in AS_PATH is a loop; Calico's numAllowedLocalASNumbers allows N occurrences.
    [InlineData(new uint[] { 65100, 65200 }, 0, ImportLoop.None)]
    [InlineData(new uint[] { 65100, LocalAs, 65200 }, 0, ImportLoop.AsPath)]
    [InlineData(new uint[] { 65100, LocalAs, 65200 }, 1, ImportLoop.None)]
    [InlineData(new uint[] { LocalAs, 65100, LocalAs }, 1, ImportLoop.AsPath)]
    [InlineData(new uint[] { LocalAs, 65100, LocalAs }, 2, ImportLoop.None)]
    public void Check_OwnAsInPath_LoopUnlessAllowed(uint[] path, int allowed, ImportLoop expected)
    {
        var a = RibTestKit.Attrs(RibTestKit.Path(path));
        Assert.Equal(expected, LoopDetection.Check(a, fromInternalPeer: false, LocalAs, allowed, OurRouterId, OurRouterId));
    }

    [Fact]
    public void Check_OurOriginatorIdFromInternalPeer_IsLoop()
    {
        // RFC 4456 8: "a router that recognizes the ORIGINATOR_ID attribute SHOULD ignore a route received with its BGP Identifier".
        var a = RibTestKit.Attrs(originatorId: "10.0.0.1");
        Assert.Equal(ImportLoop.OriginatorId, LoopDetection.Check(a, fromInternalPeer: true, LocalAs, 0, OurRouterId, clusterId: 5));
    }

    [Fact]
    public void Check_OtherClusterIds_NoLoop()
    {
        var a = RibTestKit.Attrs(originatorId: "10.0.0.3") with { ClusterList = [5, 6] };
        Assert.Equal(ImportLoop.None, LoopDetection.Check(a, fromInternalPeer: true, LocalAs, 0, OurRouterId, OurRouterId));
    }
}

using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Export;
using Xunit.Abstractions;
using static Bgp.Rib.Tests.Export.ExportKit;

namespace Bgp.Rib.Tests;

/// <summary>
/// Bytes the export of a Loc-RIB set to an external peer adds while the exported set is held (the set, its interner
/// entry and handle; counted as MemoryPerPathTests counts): 20k distinct sets, as a full table's best paths bring.
/// An exported set that kept its rewritten attributes held a PathAttributes (72 B) and an AsPath (64 B) of its own
/// besides itself: 262 B per set here. Derived from its Loc-RIB set (ExportDerivation) it is 127.
/// </summary>
[Collection(MemoryPerPathTests.Alone)]
public sealed class ExportedSetMemoryTests(ITestOutputHelper output)
{
    private const int Sets = 20_000;

    [Fact]
    public void Export_20kSetsToAnExternalPeer_UnderOneHundredFortyBytesPerSet()
    {
        var interner = new AttributeInterner();
        var routes = new RouteAttributes[Sets];
        for (int i = 0; i < Sets; i++)
            routes[i] = interner.Intern(RibTestKit.Attrs(RibTestKit.Path(65001, (uint)(100_000 + i), 3356)), System.Net.IPAddress.Parse("192.0.2.1"));
        var exporter = new PeerExporter(Speaker, Ebgp(), new ExportInterner());
        var exported = new ExportedRoute?[Sets];
        long before = MemoryPerPathTests.UsedBytes();

        for (int i = 0; i < Sets; i++) exporter.Export(FromEbgp(), Afi.Ipv4, routes[i], out exported[i]);
        // The made attributes the cache still holds are not the sets' own (a bounded, process-wide cache).
        ExportedRoute.ForgetMadeAttributes();

        long after = MemoryPerPathTests.UsedBytes();
        double perSet = (after - before) / (double)Sets;
        output.WriteLine($"{Sets} exported sets: {after - before} bytes, {perSet:F1} bytes per set");
        Assert.All(exported, e => Assert.NotNull(e));
        Assert.True(perSet < 140, $"{perSet:F1} bytes per exported set");
        GC.KeepAlive(routes);
        GC.KeepAlive(exporter);
    }
}

using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Messages;
using Bgp.Rib.Engine;
using Bgp.Rib.Export;
using static Bgp.Rib.Tests.Engine.EngineKit;

namespace Bgp.Rib.Tests.Engine;

/// <summary>
/// A set exported to an external peer makes its attributes again on a miss of a bounded process-wide cache
/// (ExportedRoute.Attributes). Exporting a table the peer already has (soft reset out, a second peer of the same
/// class) walks sets made long ago, so reading the attributes for an export filter with no terms would allocate a
/// PathAttributes and an AsPath per prefix that the filter never looks at.
/// </summary>
public sealed class DerivedExportAllocationTests
{
    private const int Prefixes = 8_192;

    [Fact]
    public void SoftResetOut_ExternalPeerWithoutExportTerms_AllocatesNoAttributesPerPrefix()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001));
        e.Execute(Up(2, 65002));
        // One distinct set per prefix, as a full table's best paths mostly are: more sets than the cache holds.
        var batch = new List<Nlri>();
        for (int i = 0; i < Prefixes; i++)
        {
            var attributes = Attrs("192.0.2.1", 65001, (uint)(100_000 + i));
            e.Execute(new UpdateReceived(1, new UpdateMessage { Attributes = attributes, Nlri = [new Nlri(Prefix.V4(0x0A000000u + ((uint)i << 8), 24))] }));
        }
        Assert.Equal(Prefixes, DrainRoutes(e, 2).Sum(u => u.Nlri.Length));
        e.Execute(new SoftResetOut(2));
        Assert.False(e.HasPending(2));
        ExportedRoute.ForgetMadeAttributes();

        long before = GC.GetAllocatedBytesForCurrentThread();
        e.Execute(new SoftResetOut(2));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Nothing changed for the peer: nothing pending, and the walk itself reuses the engine's scratch list.
        Assert.False(e.HasPending(2));
        Assert.True(allocated < Prefixes * 8L, $"{allocated} bytes for {Prefixes} prefixes");
    }
}

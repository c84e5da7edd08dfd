using System.Net;
using Bgp.Rib.Engine;
using static Bgp.Rib.Tests.Engine.EngineKit;

namespace Bgp.Rib.Tests.Engine;

/// <summary>
/// The export memo (per class of peers, kept for the engine's life) and each PeerExporter's last answer must
/// never hand a peer a set computed for another session: a receiving peer that comes back with another local
/// address gets next hops of the new one (RFC 4271 5.1.3), even for the very Loc-RIB set exported last.
/// </summary>
public sealed class ExportCacheTests
{
    [Fact]
    public void ReceiverPeerDownUp_NewLocalAddress_InitialTableCarriesTheNewNextHop()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001));
        e.Execute(Up(2, 65002));
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        e.Execute(new UpdateReceived(1, Announce("10.2.0.0/16", Attrs("192.0.2.1", 65001))));
        Assert.All(DrainRoutes(e, 2), u => Assert.Equal(Self, u.Attributes.NextHop));

        e.Execute(new PeerDown(2));
        var other = IPAddress.Parse("192.0.2.200");
        var up = Up(2, 65002);
        e.Execute(up with { Facts = up.Facts with { LocalAddressV4 = other } });
        var updates = DrainRoutes(e, 2);
        Assert.Equal(2, updates.Sum(u => u.Nlri.Length));
        Assert.All(updates, u => Assert.Equal(other, u.Attributes.NextHop));

        // And the first session's class still gets its own next hop from the shared memo.
        e.Execute(Up(3, 65002));
        Assert.All(DrainRoutes(e, 3), u => Assert.Equal(Self, u.Attributes.NextHop));
    }
}

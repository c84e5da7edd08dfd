using Bgp.Protocol;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests;

/// <summary>
/// A change carries the Loc-RIB destination index of its prefix (-1 once the operation freed it), and
/// <see cref="LocRib.CurrentDestination"/> takes that index only while its slot still holds the prefix.
/// </summary>
public sealed class RibChangeDestinationTests
{
    private static readonly Prefix A = Prefix.Parse("10.1.0.0/16");
    private static readonly Prefix B = Prefix.Parse("10.2.0.0/16");

    [Fact]
    public void Announce_NewAndKnownPrefix_ChangeCarriesItsDestinationIndex()
    {
        var rib = RibWithPeers(2);
        rib.Announce(1, new Nlri(B), Attrs());

        var added = rib.Announce(1, new Nlri(A), Attrs());
        var replaced = rib.Announce(2, new Nlri(A), Attrs(Path(65002)));
        var repeated = rib.Announce(2, new Nlri(A), Attrs(Path(65002)));

        int d = rib.Ipv4.FindDestinationIndex(A);
        Assert.Equal(1, d);
        Assert.Equal(d, added.Destination);
        Assert.Equal(d, replaced.Destination);
        Assert.Equal(d, repeated.Destination);
        Assert.Equal(d, rib.Ipv4.CurrentDestination(added));
    }

    [Fact]
    public void Withdraw_LastUnheldPath_ChangeCarriesNoIndex()
    {
        var rib = RibWithPeers(2);
        rib.Announce(1, new Nlri(A), Attrs());
        rib.Announce(2, new Nlri(A), Attrs(Path(65002)));

        var first = rib.Withdraw(1, new Nlri(A));
        var last = rib.Withdraw(2, new Nlri(A));

        Assert.Equal(0, first.Destination);
        Assert.Equal(-1, last.Destination);
        Assert.Equal(-1, rib.Ipv4.CurrentDestination(last));
    }

    [Fact]
    public void Withdraw_LastHeldPath_ChangeCarriesHeldIndex()
    {
        var rib = RibWithPeers(2);
        rib.Announce(1, new Nlri(B), Attrs());
        rib.Announce(1, new Nlri(A), Attrs());
        int d = rib.Ipv4.FindDestinationIndex(A);
        rib.Ipv4.HoldDestination(d);

        var change = rib.Withdraw(1, new Nlri(A));

        Assert.Equal(d, change.Destination);
        Assert.Equal(d, rib.Ipv4.CurrentDestination(change));
        Assert.False(rib.Ipv4.TryGetBestAt(d, out _));
    }

    [Fact]
    public void PeerDown_OneDestinationFreedOneHeld_ChangesCarryMinusOneAndTheHeldIndex()
    {
        var rib = RibWithPeers(2);
        rib.Announce(1, new Nlri(A), Attrs());
        rib.Announce(1, new Nlri(B), Attrs());
        int b = rib.Ipv4.FindDestinationIndex(B);
        rib.Ipv4.HoldDestination(b);
        var changes = new List<RibChange>();

        rib.PeerDown(1, changes);

        Assert.Equal(-1, changes.Single(c => c.Prefix == A).Destination);
        Assert.Equal(b, changes.Single(c => c.Prefix == B).Destination);
    }

    [Fact]
    public void CurrentDestination_IndexFreedThenReusedByAnotherPrefix_LooksThePrefixUp()
    {
        var rib = RibWithPeers(2);
        var old = rib.Announce(1, new Nlri(A), Attrs());
        rib.Withdraw(1, new Nlri(A));
        rib.Announce(1, new Nlri(B), Attrs());
        // The point of the test: B took A's freed slot, so the old change's index now names B.
        Assert.Equal(old.Destination, rib.Ipv4.FindDestinationIndex(B));

        Assert.Equal(-1, rib.Ipv4.CurrentDestination(old));

        rib.Announce(1, new Nlri(A), Attrs());
        int now = rib.Ipv4.FindDestinationIndex(A);
        Assert.NotEqual(old.Destination, now);
        Assert.Equal(now, rib.Ipv4.CurrentDestination(old));
    }

    [Fact]
    public void CurrentDestination_DefaultRouteChangeNamingAFreedSlot_NotIndexed()
    {
        // A freed slot reads as the default prefix, so only a lookup can tell the default route is not there.
        var rib = RibWithPeers(2);
        var other = rib.Announce(1, new Nlri(A), Attrs());
        rib.Withdraw(1, new Nlri(A));
        var stale = new RibChange(Prefix.Parse("0.0.0.0/0"), RibChangeKind.BestPath, other.Destination);

        Assert.Equal(-1, rib.Ipv4.CurrentDestination(stale));

        var defaultRoute = rib.Announce(1, new Nlri(Prefix.Parse("0.0.0.0/0")), Attrs());
        Assert.Equal(defaultRoute.Destination, rib.Ipv4.CurrentDestination(stale));
    }
}

using Bgp.Protocol;
using Bgp.Protocol.Messages;
using Bgp.Rib.Engine;
using static Bgp.Rib.Tests.Engine.EngineKit;

namespace Bgp.Rib.Tests.Engine;

/// <summary>
/// A peer's session going down decides and exports its prefixes a batch at a time (RibEngine.OnPeerDown): the
/// other peers still hear of every prefix, and the engine's change list does not grow to the table's size.
/// </summary>
public sealed class PeerDownBatchTests
{
    // More than two batches, and not a multiple of one, so the last batch is partial.
    private static readonly int Routes = 2 * RibEngine.PeerDownBatch + 1000;

    private static UpdateMessage ManyRoutes(int first, int count) => ManyRoutes(first, count, Attrs("192.0.2.1", 65001));

    private static UpdateMessage ManyRoutes(int first, int count, Bgp.Protocol.Attributes.PathAttributes attributes)
    {
        var nlri = new Nlri[count];
        for (int i = 0; i < count; i++)
        {
            int n = first + i;
            nlri[i] = new Nlri(Prefix.Parse($"10.{n >> 8}.{n & 255}.0/24"));
        }
        return new UpdateMessage { Attributes = attributes, Nlri = [.. nlri] };
    }

    /// <summary>Peer 1 has sent <see cref="Routes"/> prefixes; peer 2 receives them.</summary>
    private static RibEngine TableFromPeerOneToPeerTwo()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001, AcceptAll));
        e.Execute(Up(2, 65002, AcceptAll));
        e.Execute(new UpdateReceived(1, ManyRoutes(0, Routes)));
        return e;
    }

    [Fact]
    public void PeerDown_MoreRoutesThanOneBatch_EveryPrefixWithdrawnFromTheOtherPeer()
    {
        var e = TableFromPeerOneToPeerTwo();
        Assert.Equal(Routes, DrainRoutes(e, 2).Sum(u => u.Nlri.Length));

        e.Execute(new PeerDown(1));

        var withdrawn = Drain(e, 2).SelectMany(u => u.Withdrawn).Select(n => n.Prefix).ToHashSet();
        Assert.Equal(Routes, withdrawn.Count);
        Assert.Equal(0, e.Rib.Ipv4.PathCount);
    }

    [Fact]
    public void PeerDown_MoreRoutesThanOneBatch_ChangeListStaysAtOneBatch()
    {
        var e = TableFromPeerOneToPeerTwo();

        e.Execute(new PeerDown(1));

        // One destination's changes can take the list past the batch size, never to the table's size.
        Assert.InRange(e.ChangeListCapacity, 0, 2 * RibEngine.PeerDownBatch);
    }

    [Fact]
    public void PeerDown_SecondPeerHasTheSamePrefixes_OtherPeerGetsTheNextBestPathNotAWithdrawal()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001, AcceptAll));
        e.Execute(Up(3, 65003, AcceptAll));
        e.Execute(new UpdateReceived(1, ManyRoutes(0, Routes)));
        e.Execute(new UpdateReceived(3, ManyRoutes(0, Routes, Attrs("192.0.2.3", 65003, 65010, 65011))));
        e.Execute(Up(2, 65002, AcceptAll));
        DrainRoutes(e, 2);

        e.Execute(new PeerDown(1));

        var updates = Drain(e, 2);
        Assert.Empty(updates.SelectMany(u => u.Withdrawn));
        Assert.Equal(Routes, updates.Sum(u => u.Nlri.Length));
        Assert.All(updates.Where(u => u.Nlri.Length > 0), u => Assert.Equal(65003u, u.Attributes.AsPath!.Asns[1]));
    }
}

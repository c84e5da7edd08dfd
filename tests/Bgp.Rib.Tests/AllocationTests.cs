using Bgp.Protocol;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests;

/// <summary>The hot path (announce, replace, withdraw, decide) allocates nothing once tables and attribute sets exist.</summary>
public sealed class AllocationTests
{
    [Fact]
    public void AnnounceReplaceWithdraw_SteadyState_AllocatesNothing()
    {
        var rib = new Rib(DecisionOptions.Default with { MaxPaths = 4 });
        for (int i = 1; i <= 3; i++) rib.AddPeer(Peer(i, $"10.0.0.{i}", 65001, $"{i}.0.0.1"));
        var one = Attrs(Path(65001, 65100), med: 1);
        var two = Attrs(Path(65001, 65100), med: 2);
        var prefixes = Enumerable.Range(0, 64).Select(i => new Nlri(Prefix.V4(0x0a000000u + ((uint)i << 8), 24))).ToArray();
        // Peer 3 holds both sets so that they stay interned; tables reach their size in the warm-up round.
        rib.Announce(3, new Nlri(Prefix.Parse("192.168.0.0/24")), one);
        rib.Announce(3, new Nlri(Prefix.Parse("192.168.1.0/24")), two);
        void Round()
        {
            foreach (var n in prefixes)
            {
                rib.Announce(1, n, one);
                rib.Announce(2, n, two);
                rib.Announce(1, n, two);
                rib.Withdraw(2, n);
                rib.Withdraw(1, n);
            }
        }
        Round();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) Round();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }
}

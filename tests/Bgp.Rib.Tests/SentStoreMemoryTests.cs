using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Export;
using Xunit.Abstractions;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests;

/// <summary>
/// Bytes per route per peer of the Adj-RIB-Out's sent state once the initial tables are written and the RIB is
/// idle (the managed heap's and the native stores' bytes, as MemoryPerPathTests counts them): 10 peers each sent
/// the same 100k IPv4 prefixes of a Loc-RIB, sharing 1k exported sets. The slot store keeps an interner handle
/// per destination (4 bytes); with a reference per destination it was 8.82 (8 bytes and chunk slack; 4.56 now).
/// </summary>
[Collection(MemoryPerPathTests.Alone)]
public sealed class SentStoreMemoryTests(ITestOutputHelper output)
{
    private const int Prefixes = 100_000;
    private const int Peers = 10;
    private const int Sets = 1_000;

    [Fact]
    public void Drain_10PeersOf100kRoutes_UnderFiveBytesPerRoutePerPeer()
    {
        var rib = new Rib();
        rib.AddPeer(Peer(1, "192.0.2.1", 65001, "1.1.1.1"));
        var routes = new Nlri[Prefixes];
        for (int i = 0; i < Prefixes; i++)
        {
            routes[i] = new Nlri(Prefix.V4(0x01000000u + ((uint)i << 8), 24));
            rib.Announce(1, routes[i], Attrs(nextHop: "192.0.2.1"));
        }
        var interner = new ExportInterner();
        var self = System.Net.IPAddress.Parse("198.51.100.1");
        var sets = new ExportedRoute[Sets];
        for (int s = 0; s < Sets; s++)
            sets[s] = interner.Intern(Afi.Ipv4, new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(65000, (uint)(100 + s)), NextHop = self }, self);
        var adjs = new AdjRibOut[Peers];
        for (int p = 0; p < Peers; p++) adjs[p] = new AdjRibOut(interner, rib.Ipv4, rib.Ipv6);
        long before = UsedBytes();

        foreach (var adj in adjs)
        {
            adj.EnsureCapacity(AfiSafi.Ipv4Unicast, Prefixes);
            for (int i = 0; i < Prefixes; i++)
            {
                var set = sets[i % Sets];
                interner.AddReference(set);
                adj.Announce(routes[i], set);
            }
            WriteAll(adj);
            adj.TrimIdle();
        }
        // The interner's spare groups go after two idle calls in a row (PendingGroupPool.TrimIdle).
        interner.SpareGroups.TrimIdle();
        interner.SpareGroups.TrimIdle();

        long after = UsedBytes();
        double perRoute = (after - before) / (double)(Prefixes * Peers);
        output.WriteLine($"{Peers} peers x {Prefixes} routes sent: {after - before} bytes, {perRoute:F2} bytes per route per peer");
        foreach (var adj in adjs) Assert.Equal(Prefixes, adj.SlotSentCount);
        Assert.True(perRoute < 5, $"{perRoute:F2} bytes per route per peer");
        GC.KeepAlive(rib);
        GC.KeepAlive(adjs);
    }

    private static void WriteAll(AdjRibOut adj)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 20);
        while (adj.WritePending(buffer, 1 << 20, CodecOptions.FourOctet, out _)) buffer.ResetWrittenCount();
    }

    /// <summary>Counted as MemoryPerPathTests counts, after the garbage RIBs of the tests run before have given their native chunks back.</summary>
    private static long UsedBytes() => MemoryPerPathTests.UsedBytes();
}

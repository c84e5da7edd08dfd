using System.Buffers;
using System.Net;
using Bgp.Daemon.Routing;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Messages;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;

namespace Bgp.Daemon.Tests.Routing;

/// <summary>
/// When the RIB loop exports the engine's batch (RibLoop.FlushExportsIfDue, RibEngine.Batch.cs), driven without a
/// loop task: the test hands the loop each command and says how many still wait in its queue.
/// </summary>
public sealed class RibLoopExportBatchTests
{
    private const int Limit = 8;
    private static readonly Prefix P = Prefix.Parse("10.0.1.0/24");
    private static readonly PeerRibOptions AcceptAll = new() { ImportFilter = Filter.AcceptAll, ExportFilter = Filter.AcceptAll };

    private static PeerUp Up(int id) =>
        new(id, new PeerFacts(IPAddress.Parse($"192.0.2.{id}"), 65000 + (uint)id, RouterId.Parse($"10.0.0.{id + 1}"), false,
            [AfiSafi.Ipv4Unicast], CodecOptions.FourOctet) { LocalAddressV4 = IPAddress.Parse("192.0.2.100") }, AcceptAll);

    /// <summary>P from peer 1, its AS_PATH one AS longer every other time: the best path changes each time.</summary>
    private static UpdateReceived Flap(int i) =>
        new(1, new UpdateMessage
        {
            Attributes = new PathAttributes
            {
                Origin = Origin.Igp,
                AsPath = AsPath.FromSequence(i % 2 == 0 ? [65001] : [65001, 65100]),
                NextHop = IPAddress.Parse("192.0.2.1"),
            },
            Nlri = [new Nlri(P)],
        });

    /// <summary>Source 1 and receiver 2 up, their End-of-RIB written: nothing pending.</summary>
    private static RibLoop NewLoop(int prefixLimit = Limit, int commandLimit = Limit)
    {
        var engine = new RibEngine(new RibEngineSettings(65000, RouterId.Parse("10.0.0.1")));
        var loop = new RibLoop(engine, new RibLoopOptions { ExportBatchLimit = prefixLimit, ExportBatchCommands = commandLimit });
        loop.HandleWithoutSessions(Up(1));
        loop.HandleWithoutSessions(Up(2));
        foreach (int id in new[] { 1, 2 })
        {
            Assert.False(engine.WritePending(id, new ArrayBufferWriter<byte>(), 1 << 20, CodecOptions.FourOctet));
            Assert.False(engine.HasPending(id));
        }
        return loop;
    }

    [Fact]
    public async Task FlushExportsIfDue_QueueNeverRunsDry_ExportsAfterLimitCommands()
    {
        // The prefix limit out of reach: only the command count can flush.
        await using var loop = NewLoop(prefixLimit: 1000);
        var engine = loop.Engine;
        Assert.True(engine.BatchExports);

        // Churn on one prefix with more commands always queued: the batch never reaches Limit prefixes.
        for (int i = 0; i < Limit - 1; i++)
        {
            loop.HandleWithoutSessions(Flap(i));
            loop.FlushExportsIfDue(handled: 1, queued: 1);
            Assert.Equal(1, engine.PendingExports);
            Assert.False(engine.HasPending(2));
        }
        loop.HandleWithoutSessions(Flap(Limit - 1));
        loop.FlushExportsIfDue(handled: 1, queued: 1);

        Assert.Equal(0, engine.PendingExports);
        Assert.True(engine.HasPending(2));
    }

    [Fact]
    public async Task FlushExportsIfDue_QueueEmpty_ExportsAtOnce()
    {
        await using var loop = NewLoop();
        var engine = loop.Engine;

        loop.HandleWithoutSessions(Flap(0));
        loop.FlushExportsIfDue(handled: 1, queued: 5);
        Assert.Equal(1, engine.PendingExports);
        loop.FlushExportsIfDue(handled: 0, queued: 0);

        Assert.Equal(0, engine.PendingExports);
        Assert.True(engine.HasPending(2));
    }

    [Fact]
    public async Task FlushExportsIfDue_LimitPrefixesWaitWhileCommandsQueue_ExportsAtOnce()
    {
        // The command count out of reach: only the prefix limit can flush.
        await using var loop = NewLoop(commandLimit: 1000);
        var engine = loop.Engine;
        var below = new Nlri[Limit - 1];
        for (int i = 0; i < below.Length; i++) below[i] = new Nlri(Prefix.V4((10u << 24) | (2u << 16) | ((uint)i << 8), 24)); // 10.2.i.0/24, not P
        var attributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence([65001]), NextHop = IPAddress.Parse("192.0.2.1") };

        loop.HandleWithoutSessions(new UpdateReceived(1, new UpdateMessage { Attributes = attributes, Nlri = [.. below] }));
        loop.FlushExportsIfDue(handled: 1, queued: 1);
        Assert.Equal(Limit - 1, engine.PendingExports);
        Assert.False(engine.HasPending(2));
        loop.HandleWithoutSessions(new UpdateReceived(1, new UpdateMessage { Attributes = attributes, Nlri = [new Nlri(P)] }));
        loop.FlushExportsIfDue(handled: 1, queued: 1);

        Assert.Equal(0, engine.PendingExports);
        Assert.True(engine.HasPending(2));
    }

    [Fact]
    public async Task HandleWithoutSessions_QueryWhileBatchWaits_ReadsUpToDateAdjRibOut()
    {
        await using var loop = NewLoop();
        loop.HandleWithoutSessions(Flap(0));
        Assert.Equal(1, loop.Engine.PendingExports);

        var query = new ReadQuery<bool>(e => e.HasPending(2));
        loop.HandleWithoutSessions(query);

        Assert.True(await query.Reply.Task);
    }
}

using System.Collections.Concurrent;
using System.Net;
using Bgp.Daemon.Routing;
using Bgp.Daemon.Sessions;
using Bgp.Daemon.Tests.Hosting;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;
using Bgp.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Bgp.Daemon.Tests.Routing;

/// <summary>
/// A member of an update group that stops reading (RibLoop.Groups.cs, <see cref="RibLoopOptions.GroupStallSplitAfter"/>):
/// a route reflector with update groups on and four scripted clients on loopback, one source and three receivers in
/// one group, the last receiving nothing through a small receive buffer. Once it has held the group back past the bound
/// (the loop's fake clock), it splits off and the others get every route; when it reads at last it gets every route
/// exactly once and merges back.
/// </summary>
public sealed class RibLoopGroupStallTests
{
    private const uint Asn = 65000;
    private const int Routes = 10_000;
    // About 1 kB per UPDATE, 10 MB in all: more than the kernel buffers (a loopback socket's send buffer grows to
    // 4 MB, net.ipv4.tcp_wmem) take for a receiver that reads nothing, so its send task really waits.
    private static readonly System.Collections.Immutable.ImmutableArray<uint> Communities =
        [.. Enumerable.Range(0, 250).Select(i => (65000u << 16) | (uint)i)];
    private static readonly IPAddress Reflector = IPAddress.Parse("127.0.0.120");
    private static readonly PeerRibOptions Client = new() { ImportFilter = Filter.AcceptAll, ExportFilter = Filter.AcceptAll, IsReflectorClient = true };

    private static IPAddress ClientAddress(int i) => IPAddress.Parse($"127.0.0.{121 + i}");

    private static uint ClientId(int i) => RouterId.Parse($"10.0.0.{121 + i}");

    private static Prefix PrefixOf(int i) => Prefix.Parse($"10.{i >> 8}.{i & 255}.0/24");

    [Fact]
    public async Task GroupMember_StopsReadingPastTheBound_SplitsOffOthersGetEveryRouteThenItCatchesUpAndMergesBack()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = deadline.Token;
        var settings = new SpeakerSettings
        {
            LocalAs = Asn, RouterId = RouterId.Parse("10.0.0.120"), ListenAddress = Reflector, ListenPort = BgpdProcess.FreePort(Reflector),
        };
        // The sessions' clock never moves (no hold timer ends them); the loop's moves only when the test says.
        await using var speaker = new BgpSpeaker(settings, new FakeTimeProvider(), new Random(7));
        var time = new FakeTimeProvider();
        var options = new RibLoopOptions { Time = time, GroupStallSplitAfter = TimeSpan.FromSeconds(2) };
        await using var loop = new RibLoop(new RibEngine(new RibEngineSettings(Asn, settings.RouterId) { UpdateGroups = true }), options);
        await loop.StartAsync(ct);
        var (sessions, raws) = await ReflectorClientsKit.ConnectAsync(speaker, loop, settings, Asn, Client, ClientAddress, ClientId, ct);
        try
        {
            var counts = new ConcurrentDictionary<Prefix, int>[4];
            var readers = new Task[4];
            // The source reads (and drops) its own routes coming back, as RFC 4456 8 has it.
            for (int i = 0; i < 3; i++) readers[i] = CountAllAsync(raws[i], counts[i] = new(), ct);
            counts[3] = new();
            int blocked = loop.PeerIdOf(sessions[3])!.Value;
            int[] healthy = [loop.PeerIdOf(sessions[1])!.Value, loop.PeerIdOf(sessions[2])!.Value];
            while (await loop.ReadAsync(e => e.GroupSize(blocked), ct) != 4) await Task.Delay(20, ct);

            for (int i = 0; i < Routes; i++)
            {
                var update = new UpdateMessage
                {
                    Attributes = new PathAttributes
                    {
                        Origin = Origin.Igp, AsPath = AsPath.Empty, NextHop = ClientAddress(0), LocalPref = 100, MultiExitDisc = (uint)i,
                        Communities = Communities,
                    },
                    Nlri = [new Nlri(PrefixOf(i))],
                };
                await raws[0].SendAsync(BgpEncoder.ToArray(update, CodecOptions.FourOctet), ct);
            }
            while (await loop.GetBestAsync(PrefixOf(Routes - 1), ct) is null) await Task.Delay(20, ct);
            // The group is frozen behind the blocked receiver: the healthy ones are short of the table.
            Assert.True(counts[1].Count < Routes);
            Assert.Equal(0, loop.StallSplits);

            // The loop's clock passes the bound; no command comes, the test asks the loop nothing: the trim tick wakes it,
            // and the blocked one splits off.
            await FakeClockTicks.AdvanceUntilAsync(time, () => loop.StallSplits > 0, ct);
            Assert.Equal(1, await loop.ReadAsync(e => e.GroupSize(blocked), ct));

            foreach (int r in (int[])[1, 2])
                while (counts[r].Count != Routes) await Task.Delay(20, ct);
            // Apart from it, every route exactly once; the healthy ones share one group without it.
            List<int> members;
            while (!(members = await loop.ReadAsync(e => MembersOf(e, healthy[0]), ct)).Contains(healthy[1])) await Task.Delay(20, ct);
            Assert.DoesNotContain(blocked, members);
            for (int r = 1; r < 3; r++) CheckEveryRouteOnce(counts[r]);

            // The blocked receiver reads at last: every route once (what was on its way, then its own Adj-RIB-Out), and
            // once it has caught up the merge joins it back.
            readers[3] = CountAllAsync(raws[3], counts[3], ct);
            while (counts[3].Count != Routes) await Task.Delay(20, ct);
            while (await loop.ReadAsync(e => e.GroupSize(blocked), ct) != 4) await Task.Delay(20, ct);
            CheckEveryRouteOnce(counts[3]);
        }
        finally
        {
            foreach (var raw in raws) await raw.DisposeAsync();
        }
    }

    private static List<int> MembersOf(RibEngine engine, int peerId)
    {
        var members = new List<int>();
        engine.CopyGroupMembers(peerId, members);
        return members;
    }

    private static void CheckEveryRouteOnce(ConcurrentDictionary<Prefix, int> counts)
    {
        Assert.Equal(Routes, counts.Count);
        for (int i = 0; i < Routes; i++) Assert.Equal(1, counts[PrefixOf(i)]);
    }

    /// <summary>Counts the announcements of each prefix read until the connection ends (a withdrawal fails the count).</summary>
    private static async Task CountAllAsync(RawBgpPeer raw, ConcurrentDictionary<Prefix, int> counts, CancellationToken ct)
    {
        try
        {
            while (await raw.ReadAsync(ct) is { } message)
            {
                if (message is not UpdateMessage u) continue;
                foreach (var n in u.Withdrawn) counts[n.Prefix] = -1000;
                foreach (var n in u.Nlri) counts.AddOrUpdate(n.Prefix, 1, static (_, c) => c + 1);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The test ended.
        }
    }
}

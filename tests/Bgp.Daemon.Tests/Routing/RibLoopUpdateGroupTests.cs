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
/// A route reflector with update groups on (RibEngineSettings.UpdateGroups) and four scripted clients on loopback:
/// one source and three receivers, all in one group. Its output is written once and offered to every member
/// (RibLoop.Groups.cs); a receiver that does not read holds the group back and loses nothing.
/// </summary>
public sealed class RibLoopUpdateGroupTests
{
    private const uint Asn = 65000;
    private const int Routes = 20_000;
    private const int Withdrawn = 500;
    private static readonly IPAddress Reflector = IPAddress.Parse("127.0.0.110");
    private static readonly PeerRibOptions Client = new() { ImportFilter = Filter.AcceptAll, ExportFilter = Filter.AcceptAll, IsReflectorClient = true };

    private static IPAddress ClientAddress(int i) => IPAddress.Parse($"127.0.0.{111 + i}");

    private static uint ClientId(int i) => RouterId.Parse($"10.0.0.{111 + i}");

    private static Prefix PrefixOf(int i) => Prefix.Parse($"10.{i >> 8}.{i & 255}.0/24");

    [Fact]
    public async Task Reflector_ThreeReceiversOneBlocked_EveryReceiverGetsEveryRouteAndWithdrawal()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = deadline.Token;
        var settings = new SpeakerSettings
        {
            LocalAs = Asn, RouterId = RouterId.Parse("10.0.0.110"), ListenAddress = Reflector, ListenPort = BgpdProcess.FreePort(Reflector),
        };
        await using var speaker = new BgpSpeaker(settings, new FakeTimeProvider(), new Random(7));
        await using var loop = new RibLoop(new RibEngine(new RibEngineSettings(Asn, settings.RouterId) { UpdateGroups = true }));
        await loop.StartAsync(ct);
        var (sessions, raws) = await ReflectorClientsKit.ConnectAsync(speaker, loop, settings, Asn, Client, ClientAddress, ClientId, ct);
        try
        {
            var tables = new ConcurrentDictionary<Prefix, PathAttributes>[4];
            var readers = new Task[4];
            // The source reads (and drops) its own routes coming back, as RFC 4456 8 has it.
            for (int i = 0; i < 3; i++) readers[i] = ReadAllAsync(raws[i], tables[i] = new(), ct);
            tables[3] = new();
            int blocked = loop.PeerIdOf(sessions[3])!.Value;
            // Everyone drained the initial End-of-RIB: one group of four.
            while (await loop.ReadAsync(e => e.GroupSize(blocked), ct) != 4) await Task.Delay(20, ct);

            for (int i = 0; i < Routes; i++)
            {
                var update = new UpdateMessage
                {
                    Attributes = new PathAttributes
                    {
                        Origin = Origin.Igp, AsPath = AsPath.Empty, NextHop = ClientAddress(0), LocalPref = 100, MultiExitDisc = (uint)i,
                    },
                    Nlri = [new Nlri(PrefixOf(i))],
                };
                await raws[0].SendAsync(BgpEncoder.ToArray(update, CodecOptions.FourOctet), ct);
            }
            for (int i = 0; i < Withdrawn; i++)
                await raws[0].SendAsync(BgpEncoder.ToArray(new UpdateMessage { Withdrawn = [new Nlri(PrefixOf(i))] }, CodecOptions.FourOctet), ct);
            while ((await loop.GetBestAsync(PrefixOf(Routes - 1), ct)) is null || (await loop.GetBestAsync(PrefixOf(Withdrawn - 1), ct)) is not null)
                await Task.Delay(20, ct);

            // The blocked receiver reads at last.
            await Task.Delay(200, ct);
            readers[3] = ReadAllAsync(raws[3], tables[3], ct);
            for (int r = 1; r < 4; r++)
            {
                while (tables[r].Count != Routes - Withdrawn || tables[r].ContainsKey(PrefixOf(Withdrawn - 1)))
                    await Task.Delay(20, ct);
                for (int i = Withdrawn; i < Routes; i++)
                {
                    var got = tables[r][PrefixOf(i)];
                    Assert.Equal((uint)i, got.MultiExitDisc);
                    // Reflected: the source's ORIGINATOR_ID.
                    Assert.Equal(ClientId(0), got.OriginatorId);
                }
            }
            Assert.Equal(4, await loop.ReadAsync(e => e.GroupSize(blocked), ct));
        }
        finally
        {
            foreach (var raw in raws) await raw.DisposeAsync();
        }
    }

    /// <summary>Applies every UPDATE read to <paramref name="table"/> until the connection ends.</summary>
    private static async Task ReadAllAsync(RawBgpPeer raw, ConcurrentDictionary<Prefix, PathAttributes> table, CancellationToken ct)
    {
        try
        {
            while (await raw.ReadAsync(ct) is { } message)
            {
                if (message is not UpdateMessage u) continue;
                foreach (var n in u.Withdrawn) table.TryRemove(n.Prefix, out _);
                foreach (var n in u.Nlri) table[n.Prefix] = u.Attributes;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The test ended.
        }
    }
}

using System.Globalization;
using Bgp.Interop.Tests.Harness;
using Bgp.Protocol;
using Xunit.Abstractions;

namespace Bgp.Interop.Tests.Rib;

/// <summary>
/// Our bgpd as the Restarting Speaker (RFC 4724 4.1) against BIRD as the Receiving Speaker, graceful restart on
/// both sides: our bgpd crashes (connections dropped without NOTIFICATION, kernel routes left), BIRD keeps our
/// routes as stale, our bgpd starts again, finds its routes in the kernel, advertises the restart (R bit) with
/// forwarding state preserved (F bit), waits for BIRD's End-of-RIB and refreshes its routes, which BIRD takes as
/// the same routes (not withdrawn and re-learned). Our bgpd programs a private kernel table in the root
/// namespace (nothing routes through it), flushed before and after.
/// </summary>
public sealed class GracefulRestartTests(ITestOutputHelper output)
{
    private const uint ClusterAs = 64512;
    private static readonly Prefix OurBlock = Prefix.Parse("10.244.0.0/26");
    private static readonly Prefix BirdBlock = Prefix.Parse("10.244.1.0/26");

    [Fact]
    public Task OurRestart_BirdWithGracefulRestart_KeepsOurRoutesStaleThenTakesThemBackUnflapped() =>
        RestartAsync(first => first.CrashAsync());

    /// <summary>
    /// The same with a planned restart (bgpctl graceful-restart) instead of a crash: BIRD must see the session end
    /// in a way that keeps our routes (no NOTIFICATION without the N bit, an unwrapped Cease / Administrative
    /// Reset with it), which the plain stop's Cease (a Hard Reset with N) would not.
    /// </summary>
    [Fact]
    public Task OurGracefulStop_BirdWithGracefulRestart_KeepsOurRoutesStaleThenTakesThemBackUnflapped() =>
        RestartAsync(first => first.GracefulStopAsync());

    private async Task RestartAsync(Func<InProcessBgpd, Task> stop)
    {
        string table = (20000 + (Environment.ProcessId % 10000)).ToString(CultureInfo.InvariantCulture);
        await using var s = new InteropScenario(output);
        await CommandRunner.RunAsync("ip", ["route", "flush", "table", table], s.Token);
        try
        {
            await s.RunAsync(async () =>
            {
                var t = s.Topology;
                string n1 = await t.AddNamespaceAsync();
                var seg = await t.SegmentAsync([null, n1]);
                var (me, m1) = (seg[0], seg[1]);
                IReadOnlyList<AfiSafi> v4 = [AfiSafi.Ipv4Unicast];
                var bird = s.Add(new BirdDaemon(n1, new SpeakerSpec(ClusterAs, m1.V4,
                    [new NeighborSpec(me.V4, m1.V4, ClusterAs, v4) { ExportAll = true, GracefulRestart = true }]) { Originate = [BirdBlock] }));
                await s.StartAllAsync();
                string yaml = string.Create(CultureInfo.InvariantCulture, $$"""
                    asNumber: {{ClusterAs}}
                    routerId: {{me.V4}}
                    listen: { address: {{me.V4}}, port: 179 }
                    kernel: { enabled: true, table: {{table}} }
                    gracefulRestart: { enabled: true, restartTime: 120, selectionDeferralTime: 60 }
                    prefixes: [{{OurBlock}}]
                    peers:
                      - { peerIP: {{m1.V4}}, asNumber: {{ClusterAs}}, families: [ipv4], sourceAddress: {{me.V4}}, importFilter: accept-all, exportFilter: accept-all }
                    """);

                var first = s.Add(await InProcessBgpd.StartAsync("first", yaml, s.Token));
                Assert.False(first.Daemon.Restart.Restarting);
                await Eventually.WaitAsync("our route to BIRD's block", ct => first.BestAsync(BirdBlock, ct), r => r is not null, s.Token);
                var before = await Eventually.WaitAsync("BIRD's route to our block", ct => bird.ShowRouteAsync(OurBlock, ct), r => r is not null, s.Token);
                await Eventually.WaitAsync("our routes in the kernel", _ => Task.FromResult(first.Daemon.Kernel!.InstalledRoutes), n => n >= 2, s.Token);
                string caps = await bird.ShowProtocolTextAsync(me.V4, s.Token);
                output.WriteLine($"before: {before!.Header}\n{caps}");

                await stop(first);

                // BIRD sees the session end without a NOTIFICATION that flushes (RFC 4724 4.2, RFC 8538 4) and keeps our route.
                await Eventually.WaitAsync("BIRD noticing the lost session", ct => bird.GetNeighborAsync(me.V4, ct), v => !v.Established, s.Token);
                await Task.Delay(TimeSpan.FromSeconds(2), s.Token);
                string during = await bird.ShowRouteTextAsync(OurBlock, s.Token);
                string protoDuring = await bird.ShowProtocolTextAsync(me.V4, s.Token);
                output.WriteLine($"during the restart:\n{during}\n{protoDuring}");
                // BIRD does not print a stale mark in show route; its protocol says the restart is in progress.
                Assert.NotNull(BirdRoute.Parse(OurBlock, during));
                Assert.Contains("Neighbor graceful restart active", protoDuring, StringComparison.Ordinal);

                var second = s.Add(await InProcessBgpd.StartAsync("second", yaml, s.Token));
                Assert.True(second.Daemon.Restart.Restarting);
                Assert.Contains(AfiSafi.Ipv4Unicast, second.Daemon.Restart.ForwardingPreserved);
                await Eventually.WaitAsync("BIRD re-established", ct => bird.GetNeighborAsync(me.V4, ct), v => v.Established, s.Token);
                // BIRD saw the R bit and the F bit for IPv4 in our OPEN.
                string proto = await bird.ShowProtocolTextAsync(me.V4, s.Token);
                output.WriteLine(proto);
                int neighborCaps = proto.IndexOf("Neighbor capabilities", StringComparison.Ordinal);
                Assert.True(neighborCaps >= 0, proto);
                string received = proto[neighborCaps..];
                Assert.Contains("Restart recovery", received, StringComparison.Ordinal);
                Assert.Contains("AF preserved: ipv4", received, StringComparison.Ordinal);

                // Our deferral ends with BIRD's End-of-RIB; our table and End-of-RIB follow, BIRD's stale mark goes.
                await Eventually.WaitAsync("our deferral ending", ct => second.Daemon.Rib.ReadAsync(e => e.Deferring, ct), d => !d, s.Token);
                // Ended by BIRD's End-of-RIB, not by the 60 s timer.
                Assert.Contains("End-of-RIB from every graceful-restart peer", second.CollectLogs(), StringComparison.Ordinal);
                // BIRD ends its side of the restart at our End-of-RIB (its stale routes swept then).
                await Eventually.WaitAsync("BIRD ending the restart", ct => bird.ShowProtocolTextAsync(me.V4, ct),
                    text => !text.Contains("graceful restart active", StringComparison.Ordinal), s.Token);
                string after = await bird.ShowRouteTextAsync(OurBlock, s.Token);
                output.WriteLine($"after: {after}");
                // Refreshed in place: BIRD kept the route it had (same time stamp in the header), not a new one, which
                // would carry the time of our return, seconds later. BIRD prints a route's monotonic time converted to
                // wall-clock time at each show, so the same route can print 1 ms apart (seen: .864 then .863).
                var (beforeText, beforeTime) = SplitTime(before.Header);
                var (afterText, afterTime) = SplitTime(BirdRoute.Parse(OurBlock, after)!.Header);
                Assert.Equal(beforeText, afterText);
                Assert.True((afterTime - beforeTime).Duration() <= TimeSpan.FromMilliseconds(5), $"before: {before.Header}\nafter: {after}");
                Assert.NotNull(await second.BestAsync(BirdBlock, s.Token));
            });
        }
        finally
        {
            await CommandRunner.RunAsync("ip", ["route", "flush", "table", table], CancellationToken.None);
        }
    }

    /// <summary>A BIRD route header with its "[proto HH:MM:SS.fff]" time taken out, and that time.</summary>
    private static (string Text, TimeSpan Time) SplitTime(string header)
    {
        var m = System.Text.RegularExpressions.Regex.Match(header, @"\[(\S+) (\d\d:\d\d:\d\d\.\d{3})\]");
        Assert.True(m.Success, header);
        return (header.Remove(m.Groups[2].Index, m.Groups[2].Length),
            TimeSpan.ParseExact(m.Groups[2].Value, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture));
    }
}

using System.Globalization;
using Bgp.Interop.Tests.Harness;
using Bgp.Protocol;
using Xunit.Abstractions;

namespace Bgp.Interop.Tests.Rib;

/// <summary>
/// RFC 8538 against GoBGP (<c>notification-enabled</c>): with the N bit negotiated, a NOTIFICATION we send that is
/// not a Hard Reset (Cease / Other Configuration Change) ends the session gracefully, so GoBGP keeps our route
/// as stale; our Administrative Shutdown goes out as a Hard Reset, so GoBGP drops it.
/// </summary>
public sealed class GracefulNotificationTests(ITestOutputHelper output)
{
    private const uint OurAs = 64512;
    private const uint GoBgpAs = 64513;
    private static readonly Prefix OurBlock = Prefix.Parse("10.244.0.0/26");

    /// <summary>GoBGP with graceful restart and <c>notification-enabled</c> on a segment with our bgpd, which originates <see cref="OurBlock"/>.</summary>
    private static async Task<(GoBgpDaemon GoBgp, InProcessBgpd Bgpd, Bgp.Daemon.Sessions.PeerSession Session, SegmentMember Me)> StartPairAsync(InteropScenario s)
    {
        var t = s.Topology;
        string n1 = await t.AddNamespaceAsync();
        var seg = await t.SegmentAsync([null, n1]);
        var (me, m1) = (seg[0], seg[1]);
        IReadOnlyList<AfiSafi> v4 = [AfiSafi.Ipv4Unicast];
        var gobgp = s.Add(new GoBgpDaemon(n1, new SpeakerSpec(GoBgpAs, m1.V4,
            [new NeighborSpec(me.V4, m1.V4, OurAs, v4) { GracefulRestart = true, GracefulRestartNotification = true }])));
        await s.StartAllAsync();
        string yaml = string.Create(CultureInfo.InvariantCulture, $$"""
            asNumber: {{OurAs}}
            routerId: {{me.V4}}
            listen: { address: {{me.V4}}, port: 179 }
            gracefulRestart: { enabled: true, restartTime: 120 }
            prefixes: [{{OurBlock}}]
            peers:
              - { peerIP: {{m1.V4}}, asNumber: {{GoBgpAs}}, families: [ipv4], sourceAddress: {{me.V4}}, importFilter: accept-all, exportFilter: accept-all }
            """);
        var bgpd = s.Add(await InProcessBgpd.StartAsync("bgpd", yaml, s.Token));
        return (gobgp, bgpd, bgpd.Daemon.Speaker.FindPeer(m1.V4)!, me);
    }

    [Fact]
    public async Task OurCease_NNegotiatedWithGoBgp_GracefulKeepsOurRouteHardResetDropsIt()
    {
        await using var s = new InteropScenario(output);
        await s.RunAsync(async () =>
        {
            var (gobgp, bgpd, session, me) = await StartPairAsync(s);
            string key = OurBlock.ToString();

            var negotiated = await session.WaitForEstablishedAsync(s.Token);
            Assert.True(negotiated.NotificationSupport, "GoBGP did not set the N bit");
            await Eventually.WaitAsync("GoBGP learning our block", ct => gobgp.GlobalRibAsync(false, ct), rib => rib.ContainsKey(key), s.Token);

            // Graceful: Other Configuration Change is not wrapped (RFC 8538 5), so GoBGP retains our route.
            await session.StopWithCeaseAsync(CeaseSubcode.OtherConfigurationChange, null, s.Token);
            await Eventually.WaitAsync("GoBGP seeing the session end", ct => gobgp.GetNeighborAsync(me.V4, ct), v => !v.Established, s.Token);
            await Task.Delay(TimeSpan.FromSeconds(2), s.Token);
            Assert.True((await gobgp.GlobalRibAsync(false, s.Token)).ContainsKey(key), "GoBGP dropped our route after a graceful NOTIFICATION");

            // Hard Reset: an operator's disable sends Cease / Administrative Shutdown inside a Hard Reset; GoBGP flushes.
            await session.EnableAsync(s.Token);
            await session.WaitForEstablishedAsync(s.Token);
            await Eventually.WaitAsync("GoBGP re-learning our block", ct => gobgp.GetNeighborAsync(me.V4, ct), v => v.Established, s.Token);
            await session.DisableAsync("maintenance", s.Token);
            Assert.True(session.LastDownReason!.HardReset);
            await Eventually.WaitAsync("GoBGP dropping our block after the Hard Reset", ct => gobgp.GlobalRibAsync(false, ct),
                rib => !rib.ContainsKey(key), s.Token);
        });
    }

    [Fact]
    public async Task GracefulStop_NNegotiatedWithGoBgp_GoBgpKeepsOurRoute()
    {
        // A planned restart (bgpctl graceful-restart) with the N bit negotiated sends an unwrapped Cease /
        // Administrative Reset (RFC 8538's "user control" row), which GoBGP treats as a graceful restart of ours;
        // the plain stop's Administrative Shutdown goes out as a Hard Reset and would flush our route.
        await using var s = new InteropScenario(output);
        await s.RunAsync(async () =>
        {
            var (gobgp, bgpd, session, me) = await StartPairAsync(s);
            string key = OurBlock.ToString();
            var negotiated = await session.WaitForEstablishedAsync(s.Token);
            Assert.True(negotiated.NotificationSupport, "GoBGP did not set the N bit");
            await Eventually.WaitAsync("GoBGP learning our block", ct => gobgp.GlobalRibAsync(false, ct), rib => rib.ContainsKey(key), s.Token);

            await bgpd.GracefulStopAsync();

            Assert.Equal(CeaseSubcode.AdministrativeReset, (CeaseSubcode)session.LastDownReason!.Subcode);
            Assert.False(session.LastDownReason.HardReset);
            await Eventually.WaitAsync("GoBGP seeing the session end", ct => gobgp.GetNeighborAsync(me.V4, ct), v => !v.Established, s.Token);
            await Task.Delay(TimeSpan.FromSeconds(2), s.Token);
            Assert.True((await gobgp.GlobalRibAsync(false, s.Token)).ContainsKey(key), "GoBGP dropped our route after our graceful stop");
        });
    }
}

using System.Net;
using Bgp.Interop.Tests.Harness;
using Bgp.Protocol;
using Xunit.Abstractions;

namespace Bgp.Interop.Tests.SelfTests;

/// <summary>
/// HARNESS SELF-TESTS: two real daemons peer with each other, each in its own namespace joined by one
/// veth pair, and each daemon's own view must agree with the other's. They prove the topology, the
/// daemon runners and the view parsers before our speaker is put in front of them; a parser bug shows
/// up here as one side's "sent" differing from the other side's "received".
/// </summary>
public abstract class DaemonPairHarnessTests(ITestOutputHelper output)
{
    // 4-octet AS numbers (RFC 6793) above 65535, so AS_TRANS handling is always exercised.
    private const uint AsA = 4200000001;
    private const uint AsB = 4200000002;

    /// <summary>
    /// Capabilities all three daemons both send and display; for these, what one side says it sent
    /// must be exactly what the other says it received.
    /// </summary>
    private static readonly PeerCapability[] Compared =
    [
        PeerCapability.Multiprotocol, PeerCapability.RouteRefresh, PeerCapability.EnhancedRouteRefresh,
        PeerCapability.FourOctetAs, PeerCapability.GracefulRestart, PeerCapability.LongLivedGracefulRestart,
        PeerCapability.ExtendedMessage, PeerCapability.AddPath, PeerCapability.Fqdn,
    ];

    protected abstract PeerDaemon CreateA(string netns, SpeakerSpec spec);
    protected abstract PeerDaemon CreateB(string netns, SpeakerSpec spec);

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task Session_FourOctetAs_EstablishedWithAgreeingCapabilities(bool ipv6, bool md5)
    {
        await using var s = new InteropScenario(output);
        await s.RunAsync(async () =>
        {
            IReadOnlyList<AfiSafi> families = ipv6 ? [AfiSafi.Ipv6Unicast] : [AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast];
            var password = md5 ? "s3cret-md5" : null;
            var (a, b, addrA, addrB) = await SetUpAsync(s, ipv6, families, password, password);

            var viewA = await WaitEstablishedAsync(a, addrB, s.Token);
            var viewB = await WaitEstablishedAsync(b, addrA, s.Token);

            Assert.Equal(AsB, viewA.PeerAs);
            Assert.Equal(AsA, viewB.PeerAs);
            foreach (var v in (NeighborView[])[viewA, viewB])
            {
                Assert.Contains(PeerCapability.FourOctetAs, v.Sent);
                Assert.Contains(PeerCapability.FourOctetAs, v.Received);
                Assert.Equal(families.ToHashSet(), v.SentFamilies.ToHashSet());
                Assert.Equal(families.ToHashSet(), v.ReceivedFamilies.ToHashSet());
            }
            AssertAgree(a, viewA, b, viewB);
            AssertAgree(b, viewB, a, viewA);
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Session_WrongMd5Password_NeverEstablished(bool ipv6)
    {
        await using var s = new InteropScenario(output);
        await s.RunAsync(async () =>
        {
            var (a, b, addrA, addrB) = await SetUpAsync(s, ipv6, [AfiSafi.Ipv4Unicast], "right-password", "wrong-password");

            // Both daemons must answer first, or the window below would watch a daemon not yet listening.
            await Eventually.WaitAsync($"{a} answers", ct => a.GetNeighborAsync(addrB, ct), _ => true, s.Token);
            await Eventually.WaitAsync($"{b} answers", ct => b.GetNeighborAsync(addrA, ct), _ => true, s.Token);

            // Both daemons retry every second, so this window sees several attempts; Linux drops every
            // segment whose MD5 signature does not verify (RFC 2385), so none may get past Connect/Active.
            await Eventually.NeverAsync($"{a} or {b} established with a wrong password",
                async ct => (await a.GetNeighborAsync(addrB, ct)).Established || (await b.GetNeighborAsync(addrA, ct)).Established,
                up => up, TimeSpan.FromSeconds(5), s.Token);
        });
    }

    private async Task<(PeerDaemon A, PeerDaemon B, IPAddress AddrA, IPAddress AddrB)> SetUpAsync(
        InteropScenario s, bool ipv6, IReadOnlyList<AfiSafi> families, string? passwordA, string? passwordB)
    {
        var nsA = await s.Topology.AddNamespaceAsync();
        var nsB = await s.Topology.AddNamespaceAsync();
        var link = await s.Topology.LinkAsync(nsA, nsB);
        var addrA = link.AddressA(ipv6);
        var addrB = link.AddressB(ipv6);
        var a = s.Add(CreateA(nsA, new SpeakerSpec(AsA, link.Ipv4A, [new NeighborSpec(addrB, addrA, AsB, families, passwordA)])));
        var b = s.Add(CreateB(nsB, new SpeakerSpec(AsB, link.Ipv4B, [new NeighborSpec(addrA, addrB, AsA, families, passwordB)])));
        await s.StartAllAsync();
        return (a, b, addrA, addrB);
    }

    private static Task<NeighborView> WaitEstablishedAsync(PeerDaemon d, IPAddress neighbor, CancellationToken ct) =>
        Eventually.WaitAsync($"{d} session to {neighbor}", c => d.GetNeighborAsync(neighbor, c), v => v.Established, ct);

    private static void AssertAgree(PeerDaemon sender, NeighborView senderView, PeerDaemon receiver, NeighborView receiverView)
    {
        foreach (var cap in Compared)
            Assert.True(senderView.Sent.Contains(cap) == receiverView.Received.Contains(cap),
                $"{cap}: {sender} says sent={senderView.Sent.Contains(cap)}, {receiver} says received={receiverView.Received.Contains(cap)}\n" +
                $"{sender}: {senderView}\n{receiver}: {receiverView}");
        Assert.Equal(senderView.SentFamilies.ToHashSet(), receiverView.ReceivedFamilies.ToHashSet());
    }
}

using System.Net;
using Bgp.Daemon.Sessions;
using Bgp.Protocol;
using Bgp.Protocol.Session;
using Bgp.Testing;
using Microsoft.Extensions.Time.Testing;
using static Bgp.Daemon.Tests.TestSpeakers;

namespace Bgp.Daemon.Tests;

/// <summary>
/// Sends made for one Established (<see cref="PeerSession.ConnectionEpoch"/>) against a scripted peer that goes
/// and comes back on a new connection: the RIB learns of the end after the fact, and what it made for the old
/// session must not reach the new one.
/// </summary>
public sealed class ConnectionEpochTests
{
    private const uint RawId = 0x02020202;

    /// <summary>Route Refresh (RFC 2918), so that the refresh the RIB asks for can go out.</summary>
    private static readonly byte[] RouteRefreshCapability = Wire.Capability(2, "");

    private static async Task<RawBgpPeer> EstablishAsync(BgpSpeaker a, PeerSession pa, long transitions)
    {
        var raw = await RawBgpPeer.ConnectAsync(a.ListenEndPoint!, Deadline());
        Assert.Equal(1, (await raw.ReadRawAsync(Deadline()))![18]);
        await raw.SendAsync(RawBgpPeer.Open(AsB, RawId, extra: RouteRefreshCapability), Deadline());
        Assert.Equal(4, (await raw.ReadRawAsync(Deadline()))![18]);
        await raw.SendAsync(Wire.Keepalive(), Deadline());
        await SpeakerPairTests.WaitUntilAsync(() => pa.EstablishedTransitions == transitions && pa.State == SessionState.Established);
        return raw;
    }

    [Fact]
    public async Task Sends_SessionUpAgainOnNewConnection_PreviousEpochRefusedAndNothingReachesNewConnection()
    {
        var time = new FakeTimeProvider();
        await using var a = await StartAsync(AsA, "1.1.1.1", IPAddress.Loopback, time);
        var pa = a.AddPeer(new() { Address = IPAddress.Loopback, PeerAs = AsB, Passive = true, IdleHoldTime = TimeSpan.FromSeconds(1) });
        long first;
        await using (var old = await EstablishAsync(a, pa, transitions: 1))
        {
            first = pa.ConnectionEpoch;
            Assert.NotEqual(0, first);
        }
        // The peer's close ends the session (TCP failure); it listens again after its idle hold time.
        await SpeakerPairTests.WaitUntilAsync(() => pa.State == SessionState.Idle);
        Assert.Equal(0, pa.ConnectionEpoch);
        time.Advance(TimeSpan.FromSeconds(1));
        await SpeakerPairTests.WaitUntilAsync(() => pa.State == SessionState.Active);
        await using var fresh = await EstablishAsync(a, pa, transitions: 2);
        long second = pa.ConnectionEpoch;
        Assert.NotEqual(first, second);

        // What the RIB made for the first session: an UPDATE, a ROUTE-REFRESH, a prefix-limit Cease.
        var stale = Wire.Update(attributes: Wire.Mandatory(), nlri: [8, 10]);
        Assert.False(pa.TrySendUpdate(first, stale));
        Assert.False(await pa.SendUpdateAsync(first, stale, Deadline()));
        Assert.False(pa.TrySendRouteRefresh(first, AfiSafi.Ipv4Unicast));
        // A stop that applies waits for the connection to close; this one has nothing to do.
        var cease = pa.CeaseMaxPrefixesAsync(first, AfiSafi.Ipv4Unicast, 10, Deadline());
        Assert.True(cease.IsCompletedSuccessfully, "the Cease for the first session stopped the second");
        await cease;
        Assert.Equal(SessionState.Established, pa.State);

        // The second session's own sends go out, and they are all its peer sees (control messages go first).
        var current = Wire.Update(attributes: Wire.Mandatory(), nlri: [8, 11]);
        Assert.True(pa.TrySendRouteRefresh(second, AfiSafi.Ipv4Unicast));
        Assert.True(pa.TrySendUpdate(second, current));
        Assert.Equal(5, (await fresh.ReadRawAsync(Deadline()))![18]);
        Assert.Equal(current, await fresh.ReadRawAsync(Deadline()));
        Assert.Equal(SessionState.Established, pa.State);
    }
}

using System.Collections.Immutable;
using System.Net;
using Bgp.Daemon.Sessions;
using Bgp.Interop.Tests.Harness;
using Bgp.Protocol;
using Bgp.Protocol.Session;
using Xunit.Abstractions;

namespace Bgp.Interop.Tests.Speaker;

/// <summary>
/// Our speaker (<see cref="BgpSpeaker"/>, in this test process, in the root namespace) against a real
/// daemon in a namespace of its own, over one veth pair. Both sides connect and listen, so whichever
/// connection wins the race (or the RFC 4271 6.8 collision) the session must come up; then our
/// <see cref="NegotiatedSession"/> is checked against the daemon's own view of the same session.
/// </summary>
public abstract class SpeakerInteropTests(ITestOutputHelper output)
{
    private const uint OurAs = 4200000001;
    private const uint PeerAs = 4200000002;

    /// <summary>Capabilities every daemon displays in both directions; see <see cref="AssertAgree"/>.</summary>
    private static readonly PeerCapability[] Compared =
    [
        PeerCapability.Multiprotocol, PeerCapability.RouteRefresh, PeerCapability.EnhancedRouteRefresh,
        PeerCapability.FourOctetAs, PeerCapability.GracefulRestart, PeerCapability.LongLivedGracefulRestart,
        PeerCapability.ExtendedMessage, PeerCapability.AddPath,
    ];

    protected abstract PeerDaemon CreatePeer(string netns, SpeakerSpec spec);

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task Speaker_FourOctetAs_EstablishedWithNegotiatedCapabilitiesMatchingPeer(bool ipv6, bool md5)
    {
        await using var s = new InteropScenario(output);
        await s.RunAsync(async () =>
        {
            ImmutableArray<AfiSafi> families = ipv6 ? [AfiSafi.Ipv6Unicast] : [AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast];
            var password = md5 ? "s3cret-md5" : null;
            var (peer, speaker, session, ours, theirs) = await SetUpAsync(s, ipv6, families, password, password);
            await using var _ = speaker;

            await Eventually.WaitAsync($"our session to {peer}", _ => Task.FromResult(session.State),
                state => state == SessionState.Established, s.Token);
            var view = await Eventually.WaitAsync($"{peer} session to us", ct => peer.GetNeighborAsync(ours, ct), v => v.Established, s.Token);
            var negotiated = session.NegotiatedSession ?? throw new InvalidOperationException("Established without a NegotiatedSession");
            output.WriteLine($"ours: {negotiated}; sent [{string.Join(",", CapabilityNames.Of(negotiated.LocalOpen).Order())}] " +
                $"received [{string.Join(",", CapabilityNames.Of(negotiated.PeerOpen).Order())}]");
            output.WriteLine($"{peer}: {view}");

            // The AS numbers each side learned are the other's 4-octet AS (RFC 6793: not AS_TRANS).
            Assert.Equal(PeerAs, negotiated.PeerAs);
            Assert.Equal(OurAs, view.PeerAs);
            Assert.True(negotiated.FourOctetAs);
            Assert.True(negotiated.CodecOptions.FourOctetAs);
            Assert.Contains(PeerCapability.FourOctetAs, view.Sent);
            Assert.Contains(PeerCapability.FourOctetAs, view.Received);

            // Families: what both announced, as we computed it and as the daemon shows it.
            Assert.Equal(families.ToHashSet(), negotiated.Families.ToHashSet());
            Assert.Equal(families.ToHashSet(), view.ReceivedFamilies.ToHashSet());
            Assert.Equal(view.SentFamilies.ToHashSet(), negotiated.PeerOpen.Families.ToHashSet());

            // What we sent is what the daemon received, and what the daemon says it sent is what we got.
            AssertAgree("we sent / peer received", CapabilityNames.Of(negotiated.LocalOpen), view.Received);
            AssertAgree("peer sent / we received", view.Sent, CapabilityNames.Of(negotiated.PeerOpen));

            // A capability counts as negotiated only when both sides sent it.
            Assert.Equal(Both(view, PeerCapability.RouteRefresh), negotiated.RouteRefresh);
            Assert.Equal(Both(view, PeerCapability.EnhancedRouteRefresh), negotiated.EnhancedRouteRefresh);
            Assert.Equal(Both(view, PeerCapability.ExtendedMessage), negotiated.ExtendedMessage);
            Assert.Equal(theirs, session.RemoteEndPoint?.Address);
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Speaker_WrongMd5Password_NeverEstablished(bool ipv6)
    {
        await using var s = new InteropScenario(output);
        await s.RunAsync(async () =>
        {
            var (peer, speaker, session, ours, _) = await SetUpAsync(s, ipv6, [AfiSafi.Ipv4Unicast], "right-password", "wrong-password");
            await using var __ = speaker;
            var reached = SessionState.Idle;
            session.StateChanged += (_, change) =>
            {
                if (change.To > reached) reached = change.To;
            };

            await Eventually.WaitAsync($"{peer} answers", ct => peer.GetNeighborAsync(ours, ct), _ => true, s.Token);
            // Both sides retry every second; with mismatched RFC 2385 keys the kernel drops every
            // segment, so no TCP connection, let alone an OPEN, ever gets through.
            await Eventually.NeverAsync($"a session with {peer} despite a wrong password",
                async ct => session.State == SessionState.Established || (await peer.GetNeighborAsync(ours, ct)).Established,
                up => up, TimeSpan.FromSeconds(5), s.Token);
            Assert.True(reached < SessionState.OpenSent, $"our session reached {reached}");
        });
    }

    [Fact]
    public async Task Speaker_ShortHoldTime_StaysEstablishedOverSeveralHoldTimes()
    {
        await using var s = new InteropScenario(output);
        await s.RunAsync(async () =>
        {
            // Our hold time of 3 s is the smallest RFC 4271 allows and the peer's is larger, so both
            // sides must use 3 s (4.2: the smaller of the two) and keep each other alive every second.
            var (peer, speaker, session, ours, _) = await SetUpAsync(s, false, [AfiSafi.Ipv4Unicast], null, null, holdTime: 3);
            await using var __ = speaker;
            await Eventually.WaitAsync($"our session to {peer}", _ => Task.FromResult(session.State),
                state => state == SessionState.Established, s.Token);
            int downs = 0;
            session.Down += (_, _) => Interlocked.Increment(ref downs);
            long keepalivesBefore = session.Counters.KeepalivesIn;

            await Task.Delay(TimeSpan.FromSeconds(10), s.Token);

            Assert.Equal(0, Volatile.Read(ref downs));
            Assert.Equal(SessionState.Established, session.State);
            Assert.Equal(3, session.NegotiatedSession!.HoldTime);
            // At least one KEEPALIVE per hold time came in; a peer keeping its own slower interval would
            // have let our hold timer expire instead.
            Assert.True(session.Counters.KeepalivesIn - keepalivesBefore >= 3,
                $"{session.Counters.KeepalivesIn - keepalivesBefore} KEEPALIVEs in 10 s");
            Assert.True((await peer.GetNeighborAsync(ours, s.Token)).Established, $"{peer} no longer shows the session Established");
        });
    }

    private async Task<(PeerDaemon Peer, BgpSpeaker Speaker, PeerSession Session, IPAddress Ours, IPAddress Theirs)> SetUpAsync(
        InteropScenario s, bool ipv6, ImmutableArray<AfiSafi> families, string? ourPassword, string? peerPassword, ushort holdTime = 90)
    {
        var ns = await s.Topology.AddNamespaceAsync();
        var link = await s.Topology.LinkAsync(null, ns);
        var ours = link.AddressA(ipv6);
        var theirs = link.AddressB(ipv6);
        var peer = s.Add(CreatePeer(ns, new SpeakerSpec(PeerAs, link.Ipv4B, [new NeighborSpec(ours, theirs, OurAs, families, peerPassword)])));

        var settings = new SpeakerSettings
        {
            LocalAs = OurAs,
            RouterId = RouterId.Parse(link.Ipv4A.ToString()),
            // Our link address only: the root namespace is shared with the rest of the machine.
            ListenAddress = ours,
            Peers =
            [
                new PeerSettings
                {
                    Address = theirs,
                    PeerAs = PeerAs,
                    SourceAddress = ours,
                    Password = ourPassword,
                    Families = families,
                    ConnectRetryTime = TimeSpan.FromSeconds(1),
                    IdleHoldTime = TimeSpan.FromSeconds(1),
                    HoldTime = holdTime,
                },
            ],
        };
        var speaker = new BgpSpeaker(settings);
        try
        {
            await Task.WhenAll(s.StartAllAsync(), speaker.StartAsync(s.Token));
        }
        catch
        {
            await speaker.DisposeAsync();
            throw;
        }
        return (peer, speaker, speaker.Peers[0], ours, theirs);
    }

    private static bool Both(NeighborView view, PeerCapability cap) => view.Sent.Contains(cap) && view.Received.Contains(cap);

    private static void AssertAgree(string direction, IReadOnlySet<PeerCapability> sent, IReadOnlySet<PeerCapability> received)
    {
        foreach (var cap in Compared)
            Assert.True(sent.Contains(cap) == received.Contains(cap),
                $"{direction}: {cap} sent={sent.Contains(cap)} received={received.Contains(cap)}; " +
                $"sent [{string.Join(",", sent.Order())}] received [{string.Join(",", received.Order())}]");
    }
}

using System.Net;
using Bgp.Daemon.Sessions;
using Bgp.Protocol;
using Bgp.Protocol.Session;

namespace Bgp.Daemon.Tests;

/// <summary>Speakers on loopback with OS-chosen ports, and waits with a deadline.</summary>
internal static class TestSpeakers
{
    public const uint AsA = 65001;
    public const uint AsB = 65002;

    public static SpeakerSettings Settings(uint asn, string routerId, IPAddress listen) =>
        new() { LocalAs = asn, RouterId = RouterId.Parse(routerId), ListenAddress = listen, ListenPort = 0 };

    public static async Task<BgpSpeaker> StartAsync(uint asn, string routerId, IPAddress listen, TimeProvider time)
    {
        var speaker = new BgpSpeaker(Settings(asn, routerId, listen), time, new Random(7));
        await speaker.StartAsync(CancellationToken.None);
        return speaker;
    }

    /// <summary>Peer settings pointing at <paramref name="other"/>'s listener.</summary>
    public static PeerSettings PeerOf(BgpSpeaker other, IPAddress address, uint peerAs, bool passive = false) => new()
    {
        Address = address,
        Port = other.ListenEndPoint!.Port,
        PeerAs = peerAs,
        Passive = passive,
    };

    public static CancellationToken Deadline(double seconds = 30) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    public static Task<NegotiatedSession> EstablishedAsync(PeerSession peer, double seconds = 30) =>
        peer.WaitForEstablishedAsync(Deadline(seconds));
}

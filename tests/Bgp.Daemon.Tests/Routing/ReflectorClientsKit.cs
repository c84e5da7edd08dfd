using System.Net;
using Bgp.Daemon.Routing;
using Bgp.Daemon.Sessions;
using Bgp.Rib.Engine;
using Bgp.Testing;

namespace Bgp.Daemon.Tests.Routing;

/// <summary>
/// Four scripted route-reflector clients of an update group on loopback (RibLoopUpdateGroupTests, RibLoopGroupStallTests):
/// each a passive peer with a short send queue, attached to the loop, connected and established; the last one with a
/// small receive buffer, so that it can stop reading and hold its group back.
/// </summary>
internal static class ReflectorClientsKit
{
    public const int Count = 4;

    public static async Task<(PeerSession[] Sessions, RawBgpPeer[] Raws)> ConnectAsync(BgpSpeaker speaker, RibLoop loop,
        SpeakerSettings settings, uint asn, PeerRibOptions client, Func<int, IPAddress> address, Func<int, uint> routerId,
        CancellationToken ct)
    {
        var sessions = new PeerSession[Count];
        for (int i = 0; i < Count; i++)
        {
            // A short send queue, so a receiver that stops reading fills it soon.
            sessions[i] = speaker.AddPeer(new PeerSettings { Address = address(i), PeerAs = asn, Passive = true, UpdateQueueCapacity = 8 });
            loop.Attach(sessions[i], client);
        }
        await speaker.StartAsync(ct);

        var raws = new RawBgpPeer[Count];
        for (int i = 0; i < Count; i++)
        {
            // The last receiver reads nothing until told, through a small receive buffer.
            raws[i] = await RawBgpPeer.ConnectAsync(new IPEndPoint(settings.ListenAddress!, settings.ListenPort), ct, address(i),
                receiveBuffer: i == Count - 1 ? 2048 : null);
            Assert.IsType<Bgp.Protocol.Messages.OpenMessage>(await raws[i].ReadAsync(ct));
            await raws[i].SendAsync(RawBgpPeer.Open(asn, routerId(i)), ct);
            Assert.IsType<Bgp.Protocol.Messages.KeepaliveMessage>(await raws[i].ReadAsync(ct));
            await raws[i].SendAsync(Wire.Keepalive(), ct);
        }
        foreach (var s in sessions) await s.WaitForEstablishedAsync(ct);
        return (sessions, raws);
    }
}

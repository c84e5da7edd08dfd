using System.Net;
using Bgp.Daemon.Routing;
using Bgp.Daemon.Sessions;
using Bgp.Daemon.Tests.Hosting;
using Bgp.Protocol;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;

namespace Bgp.Daemon.Tests.Routing;

/// <summary>One of our speakers with its own RIB loop on a loopback address, for the RibLoop topology tests.</summary>
internal sealed record LoopNode(BgpSpeaker Speaker, RibLoop Loop, IPAddress Address) : IAsyncDisposable
{
    /// <summary>Import and export everything.</summary>
    public static readonly PeerRibOptions Open = new() { ImportFilter = Filter.AcceptAll, ExportFilter = Filter.AcceptAll };

    /// <summary>A node listening on <paramref name="address"/>, its RIB loop started and its speaker not yet.</summary>
    public static async Task<LoopNode> StartAsync(uint asn, string address, TimeProvider time)
    {
        var ip = IPAddress.Parse(address);
        // The port is chosen up front so that peers can be added (and attached) before anything starts.
        var settings = new SpeakerSettings { LocalAs = asn, RouterId = RouterId.Parse(address), ListenAddress = ip, ListenPort = BgpdProcess.FreePort(ip) };
        var speaker = new BgpSpeaker(settings, time, new Random(7));
        var loop = new RibLoop(new RibEngine(new RibEngineSettings(asn, settings.RouterId)));
        await loop.StartAsync(CancellationToken.None);
        return new LoopNode(speaker, loop, ip);
    }

    /// <summary>Peers this node with <paramref name="to"/>, connecting from its own address unless <paramref name="passive"/>.</summary>
    public PeerSession Link(LoopNode to, uint toAs, bool passive) =>
        // The speaker is not started yet: the session starts with it, after the RIB loop attached to it.
        Speaker.AddPeer(new PeerSettings
        {
            Address = to.Address,
            Port = to.Speaker.Settings.ListenPort,
            PeerAs = toAs,
            Passive = passive,
            SourceAddress = Address,
        });

    public async ValueTask DisposeAsync()
    {
        await Loop.DisposeAsync();
        await Speaker.DisposeAsync();
    }
}

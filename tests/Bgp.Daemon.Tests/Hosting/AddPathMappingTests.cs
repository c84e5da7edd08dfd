using Bgp.Daemon.Config;
using Bgp.Daemon.Hosting;
using Bgp.Daemon.Sessions;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Rib.Engine;

namespace Bgp.Daemon.Tests.Hosting;

/// <summary><c>addPaths:</c> reaches the OPEN (the ADD-PATH capability, RFC 7911 4) and the RIB's send mode.</summary>
public sealed class AddPathMappingTests
{
    private static NeighborConfig Peer(string addPaths, out BgpdConfig config, out Bgp.Rib.Policy.FilterCatalog catalog)
    {
        var loaded = ConfigLoader.Parse($$"""
            asNumber: 64512
            routerId: 192.0.2.1
            peers:
              - { peerIP: 192.0.2.2, asNumber: 64512, addPaths: {{addPaths}} }
            """, "t.yaml");
        Assert.True(loaded.Success, loaded.FormatErrors());
        config = loaded.Config!;
        var filters = FilterMapper.Build(config);
        Assert.True(filters.Success, filters.FormatErrors());
        catalog = filters.Catalog!;
        return config.Peers[0];
    }

    [Theory]
    [InlineData("none", AddPathSendMode.None, 1, AddPathDirection.None)]
    [InlineData("receive", AddPathSendMode.None, 1, AddPathDirection.Receive)]
    [InlineData("send", AddPathSendMode.All, 1, AddPathDirection.Send)]
    [InlineData("both", AddPathSendMode.All, 1, AddPathDirection.Both)]
    [InlineData("8", AddPathSendMode.BestN, 8, AddPathDirection.Both)]
    [InlineData("ecmp", AddPathSendMode.Ecmp, 1, AddPathDirection.Both)]
    public void Create_AddPathsKey_SendModeAndCapability(string value, AddPathSendMode mode, int max, AddPathDirection direction)
    {
        var peer = Peer(value, out var config, out var catalog);

        var options = PeerRibMapping.Create(config, peer, catalog);
        Assert.Equal(mode, options.AddPathSend);
        Assert.Equal(max, options.AddPathMaxPaths);

        var settings = BgpdConfig.ToPeerSettings(peer);
        Assert.Equal(direction, settings.AddPath);
        var fsm = settings.ToPeerConfig(new SpeakerSettings { LocalAs = 64512, RouterId = RouterId.Parse("192.0.2.1") });
        var capability = fsm.Capabilities.OfType<AddPathCapability>().SingleOrDefault();
        if (direction == AddPathDirection.None) Assert.Null(capability);
        else Assert.Equal([new AddPathFamily(AfiSafi.Ipv4Unicast, direction)], capability!.Families);
    }
}

using Bgp.Daemon.Api;
using Bgp.Daemon.Config;
using Bgp.Daemon.Tests.Config;
using Grpc.Core;
using V1 = Bgp.Api.V1;

namespace Bgp.Daemon.Tests.Api;

/// <summary>
/// ADD-PATH send modes through the API's PeerConfig (add_path_send_ecmp, add_path_send_max_paths): a peer added
/// over gRPC can ask for what addPaths: ecmp / N ask for, and a peer read back and sent again keeps its mode.
/// </summary>
public sealed class PeerConfigMapperAddPathTests
{
    private static readonly BgpdConfig Running = ConfigText.Valid(ConfigText.Minimal);

    private static V1.PeerConfig Config(bool send, bool ecmp = false, uint maxPaths = 0) => new()
    {
        PeerIp = "192.0.2.2", AsNumber = 64512, AddPathSend = send, AddPathReceive = true, AddPathSendEcmp = ecmp, AddPathSendMaxPaths = maxPaths,
    };

    [Theory]
    [InlineData(true, false, 0u)]
    [InlineData(true, true, 0u)]
    [InlineData(true, false, 8u)]
    [InlineData(false, false, 0u)]
    public void ToNeighbor_SendMode_ArrivesAndRoundTrips(bool send, bool ecmp, uint maxPaths)
    {
        var neighbor = PeerConfigMapper.ToNeighbor(Config(send, ecmp, maxPaths), Running);

        Assert.Equal(new AddPathConfig { Receive = true, Send = send, SendEcmp = ecmp, SendMaxPaths = (int)maxPaths }, neighbor.AddPaths);
        var back = PeerConfigMapper.ToApi(neighbor);
        Assert.Equal((send, true, ecmp, maxPaths), (back.AddPathSend, back.AddPathReceive, back.AddPathSendEcmp, back.AddPathSendMaxPaths));
        Assert.Equal(neighbor.AddPaths, PeerConfigMapper.ToNeighbor(back, Running).AddPaths);
    }

    [Fact]
    public void ToApi_YamlEcmpPeer_ReportsEcmp()
    {
        var yaml = ConfigText.Valid(ConfigText.Minimal + "peers:\n  - { peerIP: 192.0.2.2, asNumber: 64512, addPaths: ecmp }\n");

        var api = PeerConfigMapper.ToApi(yaml.Peers[0]);

        Assert.True(api.AddPathSend && api.AddPathReceive && api.AddPathSendEcmp);
        Assert.Equal(0u, api.AddPathSendMaxPaths);
    }

    [Theory]
    [InlineData(false, true, 0u, "config.add_path_send_ecmp: needs add_path_send (it says which paths are sent)")]
    [InlineData(false, false, 4u, "config.add_path_send_max_paths: needs add_path_send (it says how many paths are sent)")]
    [InlineData(true, false, 65u, "config.add_path_send_max_paths: must be between 1 and 64 (0: every path), got 65")]
    [InlineData(true, true, 4u, "config.add_path_send_max_paths: contradicts add_path_send_ecmp: set at most one of them")]
    public void ToNeighbor_BadSendMode_InvalidArgumentNamingTheField(bool send, bool ecmp, uint maxPaths, string expected)
    {
        var e = Assert.Throws<RpcException>(() => PeerConfigMapper.ToNeighbor(Config(send, ecmp, maxPaths), Running));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal(expected, e.Status.Detail);
    }
}

using System.Net;
using Bgp.Daemon.Config;
using Bgp.Daemon.Hosting;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;
using Bgp.Testing;
using Serilog;
using static Bgp.Daemon.Tests.TestSpeakers;

namespace Bgp.Daemon.Tests.Hosting;

/// <summary>
/// The <c>updateGroups</c> key reaches the daemon's RIB engine (RibEngineSettings.UpdateGroups), on by default, and a
/// peer alone in its group is sent what it would be sent without groups.
/// </summary>
public class BgpdUpdateGroupsTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public async Task Create_UpdateGroupsKey_SetsTheEngineSetting(bool? key, bool expected)
    {
        var loopback = IPAddress.Loopback;
        string yaml = $"""
            asNumber: 64512
            routerId: 192.0.2.1
            listen: {"{"} address: 127.0.0.1, port: {BgpdProcess.FreePort(loopback)} {"}"}
            api: {"{"} address: 127.0.0.1, port: {BgpdProcess.FreePort(loopback)} {"}"}
            health: {"{"} enabled: false {"}"}
            {(key is { } k ? $"updateGroups: {(k ? "true" : "false")}" : "")}
            """;
        var loaded = ConfigLoader.Parse(yaml, "groups.yaml");
        Assert.True(loaded.Success, loaded.FormatErrors());

        await using var daemon = BgpDaemon.Create(loaded.Config, "groups.yaml", new LoggerConfiguration().CreateLogger(), null, out var errors);

        Assert.Empty(errors);
        Assert.Equal(expected, daemon!.Rib.Engine.Settings.UpdateGroups);
    }

    [Fact]
    public async Task DefaultConfig_SingleEbgpPeerAnnounces_ItsRouteIsNotSentBack()
    {
        var peerAddress = IPAddress.Loopback;
        int listen = BgpdProcess.FreePort(IPAddress.Loopback);
        string yaml = $"""
            asNumber: 64512
            routerId: 192.0.2.1
            listen: {"{"} address: 127.0.0.1, port: {listen} {"}"}
            api: {"{"} address: 127.0.0.1, port: {BgpdProcess.FreePort(IPAddress.Loopback)} {"}"}
            health: {"{"} enabled: false {"}"}
            warmup: false
            prefixes: [198.51.100.0/24]
            peers:
              - {"{"} peerIP: {peerAddress}, asNumber: 65002, passive: true, importFilter: accept-all, exportFilter: accept-all {"}"}
            """;
        var loaded = ConfigLoader.Parse(yaml, "groups-lone.yaml");
        Assert.True(loaded.Success, loaded.FormatErrors());
        await using var daemon = BgpDaemon.Create(loaded.Config, "groups-lone.yaml", new LoggerConfiguration().CreateLogger(), null, out var errors);
        Assert.Empty(errors);
        Assert.True(daemon!.Rib.Engine.Settings.UpdateGroups);
        await daemon.StartAsync(CancellationToken.None);
        var ours = Prefix.Parse("198.51.100.0/24");
        var theirs = Prefix.Parse("203.0.113.0/24");

        await using var raw = await RawBgpPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listen), Deadline(), peerAddress);
        Assert.IsType<OpenMessage>(await raw.ReadAsync(Deadline()));
        // Route refresh (RFC 2918, capability 2): the resend it asks for marks the end of what was sent before it.
        await raw.SendAsync(RawBgpPeer.Open(65002, 0x0A000002, 90, Wire.Capability(2, "")), Deadline());
        Assert.IsType<KeepaliveMessage>(await raw.ReadAsync(Deadline()));
        await raw.SendAsync(Wire.Keepalive(), Deadline());
        await daemon.Speaker.Peers[0].WaitForStateAsync(SessionState.Established, Deadline());
        var received = new List<Prefix>();
        int oursSeen = 0;
        while (oursSeen == 0) oursSeen += await ReadPrefixesAsync(raw, received, ours);

        var update = new UpdateMessage
        {
            Attributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(65002), NextHop = peerAddress },
            Nlri = [new Nlri(theirs)],
        };
        await raw.SendAsync(BgpEncoder.ToArray(update, CodecOptions.FourOctet), Deadline());
        // Accepted (and so exported, in the same round) before the refresh below is read.
        var deadline = Deadline();
        while (await daemon.Rib.GetBestAsync(theirs, deadline) is null) await Task.Delay(20, deadline);
        await raw.SendAsync(Wire.Message(5, Hex.Bytes("00010001")), Deadline());
        while (oursSeen < 2) oursSeen += await ReadPrefixesAsync(raw, received, ours);

        // Alone in its update group, the peer is not sent its own route (as without groups, RFC 4271 9.2).
        Assert.DoesNotContain(theirs, received);
        Assert.Equal(2, received.Count(p => p == ours));
    }

    /// <summary>Reads one message; adds the prefixes it announces to <paramref name="into"/>; returns how many are <paramref name="mark"/>.</summary>
    private static async Task<int> ReadPrefixesAsync(RawBgpPeer raw, List<Prefix> into, Prefix mark)
    {
        var message = await raw.ReadAsync(Deadline());
        Assert.NotNull(message);
        if (message is not UpdateMessage u) return 0;
        int marks = 0;
        foreach (var n in u.Nlri)
        {
            into.Add(n.Prefix);
            if (n.Prefix == mark) marks++;
        }
        return marks;
    }
}

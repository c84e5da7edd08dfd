using System.Net;
using Bgp.Daemon.Sessions;
using Bgp.Protocol;

namespace Bgp.Daemon.Tests.Hosting;

/// <summary>
/// SIGHUP that takes a peer's TCP MD5 password away (RFC 2385): bgpd's listener must drop the old key, or the
/// kernel keeps dropping the peer's now unsigned SYNs and the peer never comes up.
/// </summary>
public sealed class BgpdMd5ReloadTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sighup_PasswordRemoved_UnsignedPeerConnectionEstablishes()
    {
        var d = IPAddress.Parse("127.0.0.81");
        var t = IPAddress.Parse("127.0.0.82");
        int portD = BgpdProcess.FreePort(d), portT = BgpdProcess.FreePort(t);
        using var folder = new TempConfigFolder();
        string Config(string password) => $$"""
            asNumber: 65080
            routerId: 10.0.8.1
            listen: { address: {{d}}, port: {{portD}} }
            peers:
              - { peerIP: "{{t}}:{{portT}}", asNumber: 65081, passive: true{{password}} }
            """;
        string file = folder.Write("d.yaml", Config(", password: old-secret"));
        await using var bgpd = BgpdProcess.Start("--config", file);
        Assert.True(await bgpd.WaitForOutputAsync("bgpd started", Generous), bgpd.Describe());

        File.WriteAllText(file, Config(""));
        await bgpd.SignalAsync("HUP");
        Assert.True(await bgpd.WaitForOutputAsync("resetting its session", Generous), bgpd.Describe());

        // The peer without a password connects from its address to bgpd's listener.
        await using var speaker = new BgpSpeaker(new SpeakerSettings
        {
            LocalAs = 65081,
            RouterId = RouterId.Parse("10.0.8.2"),
            ListenAddress = t,
            ListenPort = portT,
            // The reload resets the session by removing the peer and adding it again; a connection that lands between
            // the two is closed at once (no peer to take it), so the peer retries within a second rather than after
            // the default 30 s. Without the listener fix every SYN is dropped, and no retry helps.
            Peers = [new PeerSettings
            {
                Address = d, Port = portD, PeerAs = 65080, SourceAddress = t,
                ConnectRetryTime = TimeSpan.FromSeconds(1), IdleHoldTime = TimeSpan.FromSeconds(1),
            }],
        });
        await speaker.StartAsync(CancellationToken.None);
        using (var established = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            try
            {
                await speaker.Peers[0].WaitForEstablishedAsync(established.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"no session within 15 s (the listener kept the old key?); last connect error: {speaker.Peers[0].LastConnectError?.Message}\n{bgpd.Describe()}");
            }
        }

        await speaker.StopAsync(CancellationToken.None);
        await bgpd.SignalAsync("TERM");
        Assert.True(await bgpd.WaitForExitAsync(TimeSpan.FromSeconds(10)), bgpd.Describe());
        Assert.Equal(0, bgpd.ExitCode);
    }
}

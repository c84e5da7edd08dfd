using System.Net;
using Bgp.Daemon.Hosting;
using Bgp.Daemon.Routing;
using Bgp.Daemon.Sessions;
using Bgp.Protocol;
using Bgp.Protocol.Session;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;

namespace Bgp.Daemon.Tests.Hosting;

/// <summary>bgpd as a real process: refusal of bad configurations, peering, route exchange and SIGTERM.</summary>
public sealed class BgpdProcessTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Start_ConfigWithSeveralErrors_Exit2WithEveryErrorAndLine()
    {
        using var folder = new TempConfigFolder();
        string file = folder.Write("bad.yaml", """
            asNumber: 0
            routerId: 0.0.0.0
            listen: { address: 127.0.0.1, port: 70000 }
            """);
        await using var bgpd = BgpdProcess.Start("--config", file);
        Assert.True(await bgpd.WaitForExitAsync(Generous), bgpd.Describe());
        Assert.Equal(ExitCodes.BadConfiguration, bgpd.ExitCode);
        Assert.Contains($"{file}:1:", bgpd.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{file}:2:", bgpd.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{file}:3:", bgpd.Stderr, StringComparison.Ordinal);
        Assert.Contains("asNumber", bgpd.Stderr, StringComparison.Ordinal);
        Assert.Contains("routerId", bgpd.Stderr, StringComparison.Ordinal);
        Assert.Contains("listen.port", bgpd.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ImportFilterThatPrepends_Exit2NamingKey()
    {
        using var folder = new TempConfigFolder();
        int port = BgpdProcess.FreePort(IPAddress.Loopback);
        string file = folder.Write("prepend-import.yaml", $$"""
            asNumber: 65001
            routerId: 10.0.0.1
            listen: { address: 127.0.0.1, port: {{port}} }
            filters:
              prepend-me:
                - { name: all, actions: { prependAs: 2 }, result: accept }
            peers:
              - { peerIP: 127.0.0.9, asNumber: 65002, importFilter: prepend-me, exportFilter: reject-all }
            """);
        await using var bgpd = BgpdProcess.Start("--config", file);
        Assert.True(await bgpd.WaitForExitAsync(Generous), bgpd.Describe());
        Assert.Equal(ExitCodes.BadConfiguration, bgpd.ExitCode);
        Assert.Contains("peers[0].importFilter", bgpd.Stderr, StringComparison.Ordinal);
        Assert.Contains("prepend-me", bgpd.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TwoBgpdAndTestSpeaker_RoutesExchangedAndSigtermSendsCease()
    {
        var a = IPAddress.Parse("127.0.0.2");
        var b = IPAddress.Parse("127.0.0.3");
        var c = IPAddress.Parse("127.0.0.4");
        int portA = BgpdProcess.FreePort(a), portB = BgpdProcess.FreePort(b), portC = BgpdProcess.FreePort(c);
        using var folder = new TempConfigFolder();
        string fileA = folder.Write("a.yaml", $$"""
            asNumber: 65001
            routerId: 10.0.0.1
            listen: { address: {{a}}, port: {{portA}} }
            filters:
              pod-cidrs:
                - { name: pods, match: { prefixes: ["10.1.0.0/16 le 32"] }, result: accept }
            peers:
              - { peerIP: "{{b}}:{{portB}}", asNumber: 65002, sourceAddress: {{a}}, importFilter: accept-all, exportFilter: pod-cidrs }
            prefixes: [10.1.0.0/24, 192.0.2.0/24]
            """);
        string fileB = folder.Write("b.yaml", $$"""
            asNumber: 65002
            routerId: 10.0.0.2
            listen: { address: {{b}}, port: {{portB}} }
            peers:
              - { peerIP: "{{a}}:{{portA}}", asNumber: 65001, sourceAddress: {{b}}, importFilter: accept-all, exportFilter: accept-all }
              - { peerIP: "{{c}}:{{portC}}", asNumber: 65003, sourceAddress: {{b}}, importFilter: accept-all, exportFilter: accept-all }
            prefixes: [10.2.0.0/24]
            """);

        // The third speaker, in this process, peers with B only.
        await using var speaker = new BgpSpeaker(new SpeakerSettings
        {
            LocalAs = 65003,
            RouterId = RouterId.Parse("10.0.0.3"),
            ListenAddress = c,
            ListenPort = portC,
            Peers = [new PeerSettings { Address = b, Port = portB, PeerAs = 65002, SourceAddress = c }],
        });
        await using var rib = new RibLoop(new RibEngine(new RibEngineSettings(65003, RouterId.Parse("10.0.0.3"))));
        var session = speaker.Peers[0];
        var down = new TaskCompletionSource<DownReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Down += (_, reason) => down.TrySetResult(reason);
        rib.Attach(session, new PeerRibOptions { ImportFilter = Filter.AcceptAll, ExportFilter = Filter.RejectAll });
        await rib.StartAsync(CancellationToken.None);
        await speaker.StartAsync(CancellationToken.None);

        await using var bgpdA = BgpdProcess.Start("--config", fileA);
        await using var bgpdB = BgpdProcess.Start("--config", fileB, "--log-format", "json");

        // A's prefix reaches C through B with the AS path "B A"; B's own with "B".
        var fromA = await WaitForRouteAsync(rib, Prefix.Parse("10.1.0.0/24"), () => bgpdA.Describe() + bgpdB.Describe());
        Assert.Equal("65002 65001", fromA.Attributes.AsPath?.ToString());
        // A's export filter lets only its pod CIDRs out; 192.0.2.0/24 shared the same attribute set, so it
        // would have travelled in the same UPDATE had the filter not stopped it.
        Assert.Null(await rib.GetBestAsync(Prefix.Parse("192.0.2.0/24"), CancellationToken.None));
        var fromB = await WaitForRouteAsync(rib, Prefix.Parse("10.2.0.0/24"), () => bgpdB.Describe());
        Assert.Equal("65002", fromB.Attributes.AsPath?.ToString());

        // JSON logs: B's state changes are structured events with the peer as a property.
        Assert.Contains("\"PeerAddress\":\"127.0.0.4\"", bgpdB.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"ToState\":\"Established\"", bgpdB.Stdout, StringComparison.Ordinal);
        // Text logs on A.
        Assert.Contains("Peer 127.0.0.3 AS 65002 established", bgpdA.Stdout.Replace("\"", "", StringComparison.Ordinal), StringComparison.Ordinal);

        // Only the fall that SIGTERM causes counts here: one during the start (a connection collision, a
        // retried connect under load) is not what this test is about, so it is reported, not matched.
        string earlier = down.Task.IsCompleted ? $"earlier down: {await down.Task}\n" : "";
        var stopped = new TaskCompletionSource<DownReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Down += (_, r) => stopped.TrySetResult(r);
        await bgpdB.SignalAsync("TERM");
        var reason = await stopped.Task.WaitAsync(TimeSpan.FromSeconds(10));
        if (reason.Kind != DownReasonKind.NotificationReceived) await bgpdB.WaitForExitAsync(TimeSpan.FromSeconds(10));
        Assert.True(reason.Kind == DownReasonKind.NotificationReceived, $"{reason}\n{earlier}{bgpdB.Describe()}");
        Assert.Equal(NotificationCode.Cease, reason.Code);
        Assert.Equal((byte)CeaseSubcode.AdministrativeShutdown, reason.Subcode);
        Assert.Equal(BgpDaemon.ShutdownCommunication, reason.Text);
        Assert.True(await bgpdB.WaitForExitAsync(TimeSpan.FromSeconds(10)), bgpdB.Describe());
        Assert.Equal(ExitCodes.Success, bgpdB.ExitCode);

        await bgpdA.SignalAsync("TERM");
        Assert.True(await bgpdA.WaitForExitAsync(TimeSpan.FromSeconds(10)), bgpdA.Describe());
        Assert.Equal(ExitCodes.Success, bgpdA.ExitCode);
        // Every fall into Idle is logged with its reason (here B's CEASE, or A's own stop).
        Assert.Contains("-> Idle (", bgpdA.Stdout, StringComparison.Ordinal);
        await speaker.StopAsync(CancellationToken.None);
    }

    private static async Task<LocRibEntry> WaitForRouteAsync(RibLoop rib, Prefix prefix, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + Generous;
        while (DateTime.UtcNow < deadline)
        {
            if (await rib.GetBestAsync(prefix, CancellationToken.None) is { } best) return best;
            await Task.Delay(100);
        }
        Assert.Fail($"no route to {prefix} within {Generous}\n{describe()}");
        return null!;
    }
}

using System.Text.Json;
using Bgp.Api.V1;

namespace Bgp.Cli.Tests.Api;

/// <summary>The commands that change something, and explain, watch, reload and global.</summary>
public sealed class CommandTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync();
        _server.Service.Peers.AddRange([SampleData.Established(), SampleData.Active(), SampleData.Disabled()]);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Announce_NewPrefix_SentCanonicalAndConfirmed()
    {
        var r = await CliRun.AgainstAsync(_server, "announce", "2001:DB8:5::/48");

        Assert.Equal(0, r.Exit);
        Assert.Equal("announced 2001:db8:5::/48", r.Out.Trim());
        Assert.Contains("2001:db8:5::/48", _server.Service.Originated);
    }

    [Fact]
    public async Task Announce_AlreadyOriginated_PrintsServerMessageExitsOne()
    {
        _server.Service.Originated.Add("10.9.0.0/16");

        var r = await CliRun.AgainstAsync(_server, "announce", "10.9.0.0/16");

        Assert.Equal(1, r.Exit);
        Assert.Equal("bgpctl announce: 10.9.0.0/16 is already originated (ALREADY_EXISTS)", r.Err.Trim());
    }

    [Fact]
    public async Task Withdraw_Originated_JsonConfirmation()
    {
        _server.Service.Originated.Add("10.9.0.0/16");

        var r = await CliRun.AgainstAsync(_server, "withdraw", "10.9.0.0/16", "--json");

        Assert.Equal(0, r.Exit);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.True(doc.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal("withdraw", doc.RootElement.GetProperty("command").GetString());
        Assert.Equal("10.9.0.0/16", doc.RootElement.GetProperty("prefix").GetString());
        Assert.Empty(_server.Service.Originated);
    }

    [Theory]
    [InlineData(ResetKind.Hard)]
    [InlineData(ResetKind.SoftIn, "--soft", "in")]
    [InlineData(ResetKind.SoftOut, "--soft", "out")]
    public async Task Reset_Kind_ReachesTheRequest(ResetKind kind, params string[] options)
    {
        var r = await CliRun.AgainstAsync(_server, ["reset", "192.0.2.1", .. options]);

        Assert.Equal(0, r.Exit);
        Assert.Equal(kind, _server.Service.Last<ResetPeerRequest>().Kind);
    }

    [Fact]
    public async Task Reset_DisabledPeer_FailedPreconditionMessage()
    {
        var r = await CliRun.AgainstAsync(_server, "reset", "192.0.2.3");

        Assert.Equal(1, r.Exit);
        Assert.Equal("bgpctl reset: peer 192.0.2.3 is disabled (FAILED_PRECONDITION)", r.Err.Trim());
    }

    [Fact]
    public async Task Reset_BadSoft_UsageError()
    {
        var r = await CliRun.AgainstAsync(_server, "reset", "192.0.2.1", "--soft", "both");

        Assert.Equal(64, r.Exit);
        Assert.StartsWith("bgpctl reset: bad --soft 'both'", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisableThenEnable_MessageSentAndPeerToggled()
    {
        var off = await CliRun.AgainstAsync(_server, "disable", "192.0.2.1", "--message", "maintenance until 12:00");
        bool enabledAfterDisable = _server.Service.Peers[0].Enabled;
        var on = await CliRun.AgainstAsync(_server, "enable", "192.0.2.1");

        Assert.Equal((0, 0), (off.Exit, on.Exit));
        Assert.Equal("disabled 192.0.2.1", off.Out.Trim());
        Assert.Equal("enabled 192.0.2.1", on.Out.Trim());
        Assert.Equal("maintenance until 12:00", _server.Service.Last<DisablePeerRequest>().Communication);
        Assert.False(enabledAfterDisable);
        Assert.True(_server.Service.Peers[0].Enabled);
    }

    [Fact]
    public async Task Disable_MessageOver255Octets_UsageError()
    {
        var r = await CliRun.AgainstAsync(_server, "disable", "192.0.2.1", "--message", new string('é', 128));

        Assert.Equal(64, r.Exit);
        Assert.Contains("256 octets", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_Table_BestFirstWithRule()
    {
        _server.Service.Explanation = new ExplainPrefixResponse
        {
            Prefix = "10.0.0.0/24",
            Paths =
            {
                new PathVerdict { Route = SampleData.Best(), Best = true },
                new PathVerdict { Route = SampleData.Candidate(), DecidedBy = "as-path-length", Reason = "AS_PATH length 3 > 2" },
            },
        };

        var r = await CliRun.AgainstAsync(_server, "explain", "10.0.0.0/24");

        Assert.Equal(0, r.Exit);
        Assert.Equal(
            """
            10.0.0.0/24: 2 paths
                PEER       NEXT HOP   LOCPRF  MED  ORIGIN      AS PATH                    DECIDED BY      REASON
            *>  192.0.2.1  192.0.2.1     100    -  IGP         64512 64513                best
                192.0.2.3  192.0.2.3     100   50  INCOMPLETE  64513 64514 {64515 64516}  as-path-length  AS_PATH length 3 > 2

            """.ReplaceLineEndings("\n"), r.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Explain_Json_PathsWithVerdicts()
    {
        _server.Service.Explanation = new ExplainPrefixResponse
        {
            Prefix = "10.0.0.0/24",
            Paths = { new PathVerdict { Route = SampleData.Best(), Best = true }, new PathVerdict { Route = SampleData.Candidate(), DecidedBy = "med" } },
        };

        var r = await CliRun.AgainstAsync(_server, "explain", "10.0.0.0/24", "--json");

        using var doc = JsonDocument.Parse(r.Out);
        var paths = doc.RootElement.GetProperty("paths");
        Assert.Equal(2, paths.GetArrayLength());
        Assert.True(paths[0].GetProperty("best").GetBoolean());
        Assert.Equal(JsonValueKind.Null, paths[0].GetProperty("decidedBy").ValueKind);
        Assert.Equal("med", paths[1].GetProperty("decidedBy").GetString());
        Assert.Equal("192.0.2.3", paths[1].GetProperty("peer").GetString());
    }

    [Fact]
    public async Task Explain_UnknownPrefix_NotFound()
    {
        var r = await CliRun.AgainstAsync(_server, "explain", "192.168.0.0/16");

        Assert.Equal(1, r.Exit);
        Assert.Equal("bgpctl explain: no route for 192.168.0.0/16 (NOT_FOUND)", r.Err.Trim());
    }

    [Fact]
    public async Task Watch_Json_OneObjectPerEvent()
    {
        _server.Service.Events.Add(new WatchEventsResponse
        {
            At = FakeBgpService.At(11, 0, 1),
            Peer = new PeerStateEvent { PeerAddress = "192.0.2.1", Asn = 64512, From = SessionState.OpenConfirm, To = SessionState.Established },
        });
        _server.Service.Events.Add(new WatchEventsResponse
        {
            At = FakeBgpService.At(11, 0, 2),
            BestPath = new BestPathEvent { Prefix = "10.0.0.0/24", Family = Family.Ipv4, Best = SampleData.Best() },
        });
        _server.Service.Events.Add(new WatchEventsResponse
        {
            At = FakeBgpService.At(11, 0, 3),
            BestPath = new BestPathEvent { Prefix = "10.0.0.0/24", Family = Family.Ipv4, Withdrawn = true },
        });

        var json = await CliRun.AgainstAsync(_server, "watch", "--json", "--peers", "--routes", "--initial");
        var text = await CliRun.AgainstAsync(_server, "watch");

        Assert.Equal(0, json.Exit);
        Assert.Equal(3, json.Lines.Length);
        using (var peer = JsonDocument.Parse(json.Lines[0]))
        {
            Assert.Equal("peer", peer.RootElement.GetProperty("type").GetString());
            Assert.Equal("OpenConfirm", peer.RootElement.GetProperty("from").GetString());
            Assert.Equal("Established", peer.RootElement.GetProperty("to").GetString());
            Assert.Equal("2026-11-28T11:00:01Z", peer.RootElement.GetProperty("at").GetString());
        }
        using (var best = JsonDocument.Parse(json.Lines[1]))
        {
            Assert.Equal("bestPath", best.RootElement.GetProperty("type").GetString());
            Assert.Equal("64512 64513", best.RootElement.GetProperty("best").GetProperty("asPath").GetString());
        }
        using (var gone = JsonDocument.Parse(json.Lines[2]))
        {
            Assert.True(gone.RootElement.GetProperty("withdrawn").GetBoolean());
            Assert.Equal(JsonValueKind.Null, gone.RootElement.GetProperty("best").ValueKind);
        }
        var request = _server.Service.Last<WatchEventsRequest>();
        Assert.False(request.Peers || request.BestPaths || request.InitialState);
        Assert.Equal(
            [
                "2026-11-28T11:00:01Z peer 192.0.2.1 AS64512 OpenConfirm -> Established",
                "2026-11-28T11:00:02Z best 10.0.0.0/24 via 192.0.2.1 from 192.0.2.1 [64512 64513] IGP",
                "2026-11-28T11:00:03Z withdrawn 10.0.0.0/24",
            ], text.Lines);
    }

    [Fact]
    public async Task Watch_CtrlCAfterFirstEvent_LinePrintedLiveExitZero()
    {
        _server.Service.HoldWatchOpen = true;
        _server.Service.Events.Add(new WatchEventsResponse
        {
            At = FakeBgpService.At(11, 0, 1),
            Peer = new PeerStateEvent { PeerAddress = "192.0.2.1", Asn = 64512, From = SessionState.Idle, To = SessionState.Connect },
        });
        using var interrupt = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // The stream stays open, so the line can only be seen if bgpctl printed it before the stream ended;
        // seeing it is the user's Ctrl+C.
        var output = new CancelOnFlushWriter(interrupt);

        var r = await CliRun.RunAsync(["watch", "--api", _server.Address], stdout: output, cancellation: interrupt.Token);

        Assert.Equal(0, r.Exit);
        Assert.True(output.CancelledByLine);
        Assert.Equal(["2026-11-28T11:00:01Z peer 192.0.2.1 AS64512 Idle -> Connect"], r.Lines);
    }

    private sealed class CancelOnFlushWriter(CancellationTokenSource interrupt) : StringWriter
    {
        public bool CancelledByLine { get; private set; }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            if (ToString().Contains('\n', StringComparison.Ordinal) && !interrupt.IsCancellationRequested)
            {
                CancelledByLine = true;
                interrupt.Cancel();
            }
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Watch_Options_ReachTheRequest()
    {
        await CliRun.AgainstAsync(_server, "watch", "--peers", "--initial");

        var request = _server.Service.Last<WatchEventsRequest>();
        Assert.True(request.Peers);
        Assert.False(request.BestPaths);
        Assert.True(request.InitialState);
    }

    [Fact]
    public async Task Reload_Refused_ErrorsOnStderrExitOne()
    {
        _server.Service.Reload = new ReloadConfigResponse { Applied = false, Errors = { "bgpd.yaml:3:5: peers[0].asNumber: not a number" } };

        var r = await CliRun.AgainstAsync(_server, "reload");

        Assert.Equal(1, r.Exit);
        Assert.Contains("  bgpd.yaml:3:5: peers[0].asNumber: not a number", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_Applied_ListsChanges()
    {
        _server.Service.Reload = new ReloadConfigResponse { Applied = true, Changes = { "peer 192.0.2.9 added" } };

        var r = await CliRun.AgainstAsync(_server, "reload");
        var json = await CliRun.AgainstAsync(_server, "reload", "--json");

        Assert.Equal(0, r.Exit);
        Assert.Equal(["reloaded: 1 change", "  peer 192.0.2.9 added"], r.Lines);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.True(doc.RootElement.GetProperty("applied").GetBoolean());
        Assert.Equal("peer 192.0.2.9 added", doc.RootElement.GetProperty("changes")[0].GetString());
    }

    [Fact]
    public async Task GracefulRestart_Accepted_ListsPeersAndRestartTime()
    {
        _server.Service.GracefulRestartAnswer = new GracefulRestartResponse { GracefulPeers = { "192.0.2.2" }, CeasedPeers = { "192.0.2.3" }, RestartTime = 120 };

        var r = await CliRun.AgainstAsync(_server, "graceful-restart");
        var json = await CliRun.AgainstAsync(_server, "graceful-restart", "--json");

        Assert.Equal(0, r.Exit);
        Assert.Equal(["bgpd is stopping for a graceful restart; start it again within 120 s",
            "  192.0.2.2: keeps our routes (graceful restart)", "  192.0.2.3: CEASE (no graceful restart on this session)"], r.Lines);
        Assert.Contains(_server.Service.Requests, q => q is GracefulRestartRequest);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal("192.0.2.2", doc.RootElement.GetProperty("gracefulPeers")[0].GetString());
        Assert.Equal("192.0.2.3", doc.RootElement.GetProperty("ceasedPeers")[0].GetString());
        Assert.Equal(120, doc.RootElement.GetProperty("restartTime").GetInt32());
    }

    [Fact]
    public async Task GracefulRestart_GrDisabled_ReasonOnStderrExitOne()
    {
        var r = await CliRun.AgainstAsync(_server, "graceful-restart");

        Assert.Equal(1, r.Exit);
        Assert.Contains("bgpctl graceful-restart: graceful restart is disabled in the configuration", r.Err, StringComparison.Ordinal);
        Assert.Contains("FAILED_PRECONDITION", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GracefulRestart_ExtraArgument_UsageError()
    {
        var r = await CliRun.AgainstAsync(_server, "graceful-restart", "now");

        Assert.Equal(64, r.Exit);
        Assert.Contains("unexpected argument 'now'", r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Service.Requests, q => q is GracefulRestartRequest);
    }

    [Fact]
    public async Task Global_AndShowAlias_SameSpeaker()
    {
        _server.Service.Global = new Global
        {
            AsNumber = 64500, RouterId = "192.0.2.254", ListenAddress = "0.0.0.0", ListenPort = 179, Version = "0.1.0", UptimeSeconds = 90061,
            RibSizes = { new RibSize { Family = Family.Ipv4, Prefixes = 3, Paths = 5 } }, PeersConfigured = 3, PeersEstablished = 1,
        };

        var global = await CliRun.AgainstAsync(_server, "global");
        var show = await CliRun.AgainstAsync(_server, "show");
        var json = await CliRun.AgainstAsync(_server, "global", "--json");

        Assert.Equal(0, global.Exit);
        Assert.Equal(global.Out, show.Out);
        Assert.StartsWith("bgpd 0.1.0, AS64500, router id 192.0.2.254", global.Out, StringComparison.Ordinal);
        Assert.Contains("1d01h01m", global.Out, StringComparison.Ordinal);
        Assert.Contains("3 prefixes, 5 paths", global.Out, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal(64500u, doc.RootElement.GetProperty("asn").GetUInt32());
        Assert.Equal("ipv4", doc.RootElement.GetProperty("ribSizes")[0].GetProperty("family").GetString());
    }
}

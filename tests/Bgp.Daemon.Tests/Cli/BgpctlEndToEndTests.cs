using System.Text.Json;
using System.Text.RegularExpressions;
using Bgp.Daemon.Tests.Hosting;
using F = Bgp.Daemon.Tests.Cli.BgpctlPairFixture;

namespace Bgp.Daemon.Tests.Cli;

/// <summary>
/// The real bgpctl against two real bgpd processes (bgpctl's own tests use a fake server): every API command,
/// its table or JSON output, the changes it makes seen from the other daemon, and the exit codes of failures.
/// Tests that change peers or prefixes put them back as they found them.
/// </summary>
public sealed class BgpctlEndToEndTests(BgpctlPairFixture fx) : IClassFixture<BgpctlPairFixture>
{
    private const string PeerB = "127.0.0.62";

    private Task<F.Result> A(params string[] args) => F.CtlAsync(fx.ApiA, args);

    private static F.Result Ok(F.Result r)
    {
        Assert.True(r.Exit == 0, r.ToString());
        Assert.Equal("", r.Err);
        return r;
    }

    private static JsonElement[] JsonLines(F.Result r) => [.. r.Lines.Select(l => JsonDocument.Parse(l).RootElement)];

    private static void HasKeys(JsonElement e, params string[] keys)
    {
        foreach (string k in keys) Assert.True(e.TryGetProperty(k, out _), $"no '{k}' in {e}");
    }

    [Fact]
    public async Task Peers_EstablishedPair_AlignedTableWithOneEstablishedRow()
    {
        var lines = Ok(await A("peers")).Lines;
        Assert.Equal(2, lines.Length);
        string header = lines[0], row = lines[1];
        Assert.StartsWith("PEER", header, StringComparison.Ordinal);
        Assert.StartsWith(PeerB + " ", row, StringComparison.Ordinal);
        // Left-aligned text starts under its header, right-aligned numbers end under theirs.
        Assert.Equal(header.IndexOf("STATE", StringComparison.Ordinal), row.IndexOf("Established", StringComparison.Ordinal));
        Assert.Equal(header.IndexOf(" AS ", StringComparison.Ordinal) + 3, row.IndexOf("65062", StringComparison.Ordinal) + 5);
        var cells = Regex.Matches(row, @"\S+");
        Assert.Equal(header.IndexOf("ADVERTISED", StringComparison.Ordinal) + "ADVERTISED".Length, cells[6].Index + cells[6].Length);
        Assert.Equal(row.TrimEnd(), row);
    }

    [Fact]
    public async Task PeersJson_EstablishedPair_ArrayWithTheIssueKeys()
    {
        var peers = JsonDocument.Parse(Ok(await A("peers", "--json")).Out).RootElement;
        Assert.Equal(JsonValueKind.Array, peers.ValueKind);
        var p = Assert.Single(peers.EnumerateArray());
        Assert.Equal(PeerB, p.GetProperty("address").GetString());
        Assert.Equal(65062u, p.GetProperty("asn").GetUInt32());
        Assert.Equal("Established", p.GetProperty("state").GetString());
        Assert.Equal(1, p.GetProperty("prefixesReceived").GetInt32());
        Assert.Equal(1, p.GetProperty("prefixesAccepted").GetInt32());
        Assert.True(p.GetProperty("prefixesAdvertised").GetInt32() >= 1, p.ToString());
        Assert.True(p.GetProperty("uptimeSeconds").GetInt64() >= 0);
        // Null until the session first goes down; a reset by another test of this class leaves its text.
        Assert.Contains(p.GetProperty("lastError").ValueKind, new[] { JsonValueKind.Null, JsonValueKind.String });
    }

    [Fact]
    public async Task Peer_Address_DetailTextAndJsonFromTheSession()
    {
        string text = Ok(await A("peer", PeerB)).Out;
        Assert.StartsWith($"peer {PeerB} AS65062 (eBGP)", text, StringComparison.Ordinal);
        Assert.Contains("Established since", text, StringComparison.Ordinal);
        Assert.Contains("10.0.62.1", text, StringComparison.Ordinal);

        var p = JsonDocument.Parse(Ok(await A("peer", PeerB, "--json")).Out).RootElement;
        Assert.Equal(PeerB, p.GetProperty("address").GetString());
        var n = p.GetProperty("negotiated");
        Assert.Equal("10.0.62.1", n.GetProperty("peerRouterId").GetString());
        Assert.Equal(90, n.GetProperty("holdTime").GetInt32());
        Assert.Equal("127.0.0.61", n.GetProperty("localAddress").GetString());
        Assert.Equal($"{PeerB}:", p.GetProperty("config").GetProperty("peerIP").GetString()![..(PeerB.Length + 1)]);
    }

    [Fact]
    public async Task Routes_LocRib_TableAndJsonLinesWithTheIssueKeys()
    {
        var table = Ok(await A("routes")).Lines;
        Assert.Contains("PREFIX", table[0], StringComparison.Ordinal);
        var learned = Assert.Single(table, l => l.Contains("10.62.0.0/24", StringComparison.Ordinal));
        Assert.StartsWith("*>", learned, StringComparison.Ordinal);
        Assert.Contains("65062", learned, StringComparison.Ordinal);
        Assert.Contains(table, l => l.StartsWith("*>", StringComparison.Ordinal) && l.Contains("10.61.0.0/24", StringComparison.Ordinal));

        var rows = JsonLines(Ok(await A("routes", "--json")));
        Assert.True(rows.Length >= 2);
        foreach (var r in rows)
            HasKeys(r, "prefix", "nextHop", "asPath", "origin", "localPref", "med", "communities", "peer", "best");
        var b = Assert.Single(rows, r => r.GetProperty("prefix").GetString() == "10.62.0.0/24");
        Assert.Equal(PeerB, b.GetProperty("nextHop").GetString());
        Assert.Equal("65062", b.GetProperty("asPath").GetString());
        Assert.Equal("IGP", b.GetProperty("origin").GetString());
        Assert.Equal(JsonValueKind.Null, b.GetProperty("med").ValueKind);
        Assert.Equal(JsonValueKind.Array, b.GetProperty("communities").ValueKind);
        Assert.Equal(PeerB, b.GetProperty("peer").GetString());
        Assert.True(b.GetProperty("best").GetBoolean());
        var own = Assert.Single(rows, r => r.GetProperty("prefix").GetString() == "10.61.0.0/24");
        Assert.Equal("local", own.GetProperty("peer").GetString());
        // Our own route has no next hop until it is exported: null in JSON, "-" in the table.
        Assert.Equal(JsonValueKind.Null, own.GetProperty("nextHop").ValueKind);
        var ownRow = Assert.Single(table, l => l.Contains("10.61.0.0/24", StringComparison.Ordinal));
        Assert.Contains(" - ", ownRow, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Routes_InAndOutTables_WhatThePeerSentAndWhatWeSend()
    {
        var received = Assert.Single(JsonLines(Ok(await A("routes", "--table", "in", "--peer", PeerB, "--json"))));
        Assert.Equal("10.62.0.0/24", received.GetProperty("prefix").GetString());
        Assert.Equal(PeerB, received.GetProperty("peer").GetString());

        var sent = JsonLines(Ok(await A("routes", "--table", "out", "--peer", PeerB, "--json")));
        var own = Assert.Single(sent, r => r.GetProperty("prefix").GetString() == "10.61.0.0/24");
        // eBGP export: our AS prepended, next hop our session address (RFC 4271 5.1.2, 5.1.3).
        Assert.Equal("65061", own.GetProperty("asPath").GetString());
        Assert.Equal("127.0.0.61", own.GetProperty("nextHop").GetString());
        Assert.DoesNotContain(sent, r => r.GetProperty("prefix").GetString() == "10.62.0.0/24");
    }

    [Fact]
    public async Task Routes_PrefixFilter_ExactOrLonger()
    {
        Assert.Empty(Ok(await A("routes", "10.62.0.0/16", "--json")).Lines);
        var longer = JsonLines(Ok(await A("routes", "10.62.0.0/16", "--longer", "--json")));
        Assert.Equal("10.62.0.0/24", Assert.Single(longer).GetProperty("prefix").GetString());
        var all = JsonLines(Ok(await A("routes", "10.0.0.0/8", "--longer", "--json")));
        Assert.Contains(all, r => r.GetProperty("prefix").GetString() == "10.61.0.0/24");
        Assert.Contains(all, r => r.GetProperty("prefix").GetString() == "10.62.0.0/24");
    }

    [Fact]
    public async Task Explain_LearnedPrefix_BestPathWithItsReason()
    {
        var lines = Ok(await A("explain", "10.62.0.0/24")).Lines;
        Assert.Equal("10.62.0.0/24: 1 path", lines[0]);
        Assert.StartsWith("*>  " + PeerB, lines[2], StringComparison.Ordinal);

        var e = JsonDocument.Parse(Ok(await A("explain", "10.62.0.0/24", "--json")).Out).RootElement;
        Assert.Equal("10.62.0.0/24", e.GetProperty("prefix").GetString());
        var path = Assert.Single(e.GetProperty("paths").EnumerateArray());
        Assert.True(path.GetProperty("best").GetBoolean());
        Assert.Equal(JsonValueKind.Null, path.GetProperty("decidedBy").ValueKind);
        Assert.Equal("65062", path.GetProperty("asPath").GetString());
    }

    [Fact]
    public async Task AnnounceWithdraw_OnA_TheOtherDaemonLearnsAndForgets()
    {
        const string prefix = "10.61.99.0/24";
        Assert.Equal($"announced {prefix}", Ok(await A("announce", prefix)).Out.TrimEnd());
        var atB = Assert.Single(await F.WaitForRouteAsync(fx.ApiB, prefix, present: true));
        Assert.Equal("65061", atB.GetProperty("asPath").GetString());
        Assert.Equal("127.0.0.61", atB.GetProperty("peer").GetString());

        Assert.Equal($"withdrew {prefix}", Ok(await A("withdraw", prefix)).Out.TrimEnd());
        await F.WaitForRouteAsync(fx.ApiB, prefix, present: false);
        await F.WaitForRouteAsync(fx.ApiA, prefix, present: false);
    }

    [Fact]
    public async Task Reset_HardThenSoft_HardRestartsTheSessionSoftKeepsIt()
    {
        var before = await F.WaitForPeerStateAsync(fx.ApiA, PeerB, "Established");
        long transitions = Transitions(before);
        Ok(await A("reset", PeerB));
        var after = await F.WaitForPeerStateAsync(fx.ApiA, PeerB, "Established", p => Transitions(p) > transitions);
        await F.WaitForRouteAsync(fx.ApiA, "10.62.0.0/24", present: true);
        transitions = Transitions(after);

        long refreshes = after.GetProperty("counters").GetProperty("routeRefreshesOut").GetInt64();
        Assert.Equal($"reset {PeerB} (soft-in)", Ok(await A("reset", PeerB, "--soft", "in")).Out.TrimEnd());
        // Soft in asks the peer to send its routes again (ROUTE-REFRESH, RFC 2918) on the same session.
        var refreshed = await F.WaitForPeerStateAsync(fx.ApiA, PeerB, "Established",
            p => p.GetProperty("counters").GetProperty("routeRefreshesOut").GetInt64() > refreshes);
        Assert.Equal(transitions, Transitions(refreshed));

        long updatesOut = refreshed.GetProperty("counters").GetProperty("updatesOut").GetInt64();
        Assert.Equal($"reset {PeerB} (soft-out)", Ok(await A("reset", PeerB, "--soft", "out")).Out.TrimEnd());
        // Soft out sends the Adj-RIB-Out again on the same session: more UPDATEs out, no new session.
        var still = await F.WaitForPeerStateAsync(fx.ApiA, PeerB, "Established",
            p => p.GetProperty("counters").GetProperty("updatesOut").GetInt64() > updatesOut);
        Assert.Equal(transitions, Transitions(still));
        await F.WaitForRouteAsync(fx.ApiB, "10.61.0.0/24", present: true);

        static long Transitions(JsonElement p) => p.GetProperty("counters").GetProperty("establishedTransitions").GetInt64();
    }

    [Fact]
    public async Task DisableEnable_Peer_ShutdownCommunicationReachesThePeerThenBackUp()
    {
        Ok(await A("disable", PeerB, "--message", "e2e maintenance"));
        // RFC 9003: B hears why (CEASE 6/2 with the shutdown communication) and stays down.
        var down = await F.WaitForPeerStateAsync(fx.ApiB, "127.0.0.61", null, p => p.GetProperty("state").GetString() != "Established"
            && p.TryGetProperty("lastErrorDetail", out var d) && d.ValueKind == JsonValueKind.Object
            && d.GetProperty("shutdownCommunication").GetString() == "e2e maintenance");
        Assert.Equal(2, down.GetProperty("lastErrorDetail").GetProperty("subcode").GetInt32());
        var row = Assert.Single(Ok(await A("peers")).Lines, l => l.StartsWith(PeerB, StringComparison.Ordinal));
        Assert.Contains("disabled", row, StringComparison.Ordinal);
        await F.WaitForRouteAsync(fx.ApiA, "10.62.0.0/24", present: false);

        Ok(await A("enable", PeerB));
        await F.WaitForPeerStateAsync(fx.ApiA, PeerB, "Established");
        await F.WaitForRouteAsync(fx.ApiA, "10.62.0.0/24", present: true);
    }

    [Fact]
    public async Task WatchJson_ChildProcess_SeesBestPathAnnouncedAndWithdrawnOnThePeer()
    {
        const string prefix = "10.62.77.0/24";
        using var watch = F.StartBgpctl("--api", fx.ApiA, "watch", "--json", "--initial");
        var lines = new List<JsonElement>();
        try
        {
            // --initial: one event per peer first, so the stream is known to be open before the change.
            lines.Add(await NextAsync());
            Assert.Equal("peer", lines[0].GetProperty("type").GetString());
            Ok(await F.CtlAsync(fx.ApiB, "announce", prefix));
            var best = await UntilAsync(e => e.GetProperty("type").GetString() == "bestPath" && e.GetProperty("prefix").GetString() == prefix);
            Assert.False(best.GetProperty("withdrawn").GetBoolean());
            Assert.Equal(PeerB, best.GetProperty("best").GetProperty("peer").GetString());
            Assert.Equal("65062", best.GetProperty("best").GetProperty("asPath").GetString());

            Ok(await F.CtlAsync(fx.ApiB, "withdraw", prefix));
            var gone = await UntilAsync(e => e.GetProperty("type").GetString() == "bestPath" && e.GetProperty("prefix").GetString() == prefix
                && e.GetProperty("withdrawn").GetBoolean());
            Assert.Equal(JsonValueKind.Null, gone.GetProperty("best").ValueKind);
        }
        finally
        {
            if (!watch.HasExited) watch.Kill();
            Assert.True(watch.WaitForExit(10_000), "the killed bgpctl watch did not exit");
        }

        async Task<JsonElement> NextAsync()
        {
            // A pipe read does not honour a cancellation token; WaitAsync gives up on it and the kill below ends it.
            string? line = await watch.StandardOutput.ReadLineAsync().WaitAsync(F.Generous);
            Assert.True(line is not null, $"watch ended (exit {(watch.HasExited ? watch.ExitCode : -1)}) after: {string.Join('\n', lines)}");
            return JsonDocument.Parse(line).RootElement;
        }

        async Task<JsonElement> UntilAsync(Func<JsonElement, bool> wanted)
        {
            while (true)
            {
                var e = await NextAsync();
                lines.Add(e);
                if (wanted(e)) return e;
            }
        }
    }

    [Fact]
    public async Task Reload_ChangedFileApplied_BrokenFileRefusedWithItsErrors()
    {
        const string added = "10.61.50.0/24";
        try
        {
            fx.RewriteConfigA(fx.YamlA.Replace("prefixes: [10.61.0.0/24]", $"prefixes: [10.61.0.0/24, {added}]", StringComparison.Ordinal));
            var applied = Ok(await A("reload"));
            Assert.Contains(added, applied.Out, StringComparison.Ordinal);
            await F.WaitForRouteAsync(fx.ApiB, added, present: true);

            fx.RewriteConfigA(fx.YamlA.Replace("routerId: 10.0.61.1", "routerId: not-an-address", StringComparison.Ordinal));
            var refused = await A("reload");
            Assert.Equal(1, refused.Exit);
            Assert.Contains("routerId", refused.Err, StringComparison.Ordinal);
            // The running config stays: the prefix added by the first reload is still announced.
            await F.WaitForRouteAsync(fx.ApiB, added, present: true);
        }
        finally
        {
            fx.RewriteConfigA(fx.YamlA);
            Assert.Equal(0, (await A("reload")).Exit);
        }
        await F.WaitForRouteAsync(fx.ApiB, added, present: false);
    }

    [Fact]
    public async Task Global_RunningDaemon_IdentityListenerAndRib()
    {
        string text = Ok(await A("global")).Out;
        Assert.StartsWith("bgpd ", text, StringComparison.Ordinal);
        Assert.Contains("AS65061, router id 10.0.61.1", text, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.61 port {fx.BgpPortA}", text, StringComparison.Ordinal);

        var g = JsonDocument.Parse(Ok(await A("global", "--json")).Out).RootElement;
        Assert.Equal(65061u, g.GetProperty("asn").GetUInt32());
        Assert.Equal("10.0.61.1", g.GetProperty("routerId").GetString());
        Assert.Equal(fx.ConfigA, g.GetProperty("configPath").GetString());
        Assert.Equal(1, g.GetProperty("peersConfigured").GetInt32());
        var v4 = Assert.Single(g.GetProperty("ribSizes").EnumerateArray(), r => r.GetProperty("family").GetString() == "ipv4");
        Assert.True(v4.GetProperty("prefixes").GetInt32() >= 2, g.ToString());
    }

    [Fact]
    public async Task Peer_UnknownAddress_NotFoundMessageAndExit1()
    {
        var r = await A("peer", "127.0.0.69");
        Assert.Equal(1, r.Exit);
        Assert.Equal("", r.Out);
        Assert.StartsWith("bgpctl peer: ", r.Err, StringComparison.Ordinal);
        Assert.Contains("127.0.0.69", r.Err, StringComparison.Ordinal);
        Assert.Contains("(NOT_FOUND)", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Peers_NoDaemonListening_Exit69InProcessAndAsAProcess()
    {
        string nowhere = $"127.0.0.63:{BgpdProcess.FreePort(System.Net.IPAddress.Parse("127.0.0.63"))}";
        var r = await F.CtlAsync(nowhere, "peers");
        Assert.Equal(69, r.Exit);
        Assert.Contains($"cannot reach bgpd at {nowhere}", r.Err, StringComparison.Ordinal);

        using var child = F.StartBgpctl("peers", "--api", nowhere);
        string err = await child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        Assert.Equal(69, child.ExitCode);
        Assert.Contains("cannot reach bgpd", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PeersJson_ChildProcess_SameAnswerAsInProcess()
    {
        using var child = F.StartBgpctl("--api", fx.ApiA, "peers", "--json");
        string stdout = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        Assert.Equal(0, child.ExitCode);
        var p = Assert.Single(JsonDocument.Parse(stdout).RootElement.EnumerateArray());
        Assert.Equal(PeerB, p.GetProperty("address").GetString());
        Assert.Equal("Established", p.GetProperty("state").GetString());
    }
}

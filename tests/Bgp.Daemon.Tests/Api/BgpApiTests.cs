using Grpc.Core;
using V1 = Bgp.Api.V1;
using F = Bgp.Daemon.Tests.Api.BgpdPairFixture;

namespace Bgp.Daemon.Tests.Api;

/// <summary>Every RPC of bgp.v1 through a real gRPC channel against two peering bgpd processes.</summary>
public sealed class BgpApiTests(BgpdPairFixture fx) : IClassFixture<BgpdPairFixture>
{
    private readonly V1.BgpService.BgpServiceClient _a = fx.ClientA;
    private readonly string _b = F.AddressB.ToString();

    private static async Task<RpcException> FailsAsync(StatusCode code, Func<Task> call, string mentions)
    {
        var e = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, e.StatusCode);
        Assert.Contains(mentions, e.Status.Detail, StringComparison.Ordinal);
        return e;
    }

    [Fact]
    public async Task GetGlobal_RunningDaemon_ReportsIdentityPeersAndRib()
    {
        await F.WaitForRouteAsync(_a, "10.42.0.0/24", present: true);
        var g = (await _a.GetGlobalAsync(new V1.GetGlobalRequest())).Global;
        Assert.Equal(65041u, g.AsNumber);
        Assert.Equal("10.0.41.1", g.RouterId);
        Assert.Equal("127.0.0.41", g.ListenAddress);
        Assert.Equal((uint)fx.BgpPortA, g.ListenPort);
        Assert.Equal(fx.ConfigA, g.ConfigPath);
        Assert.True(g.PeersConfigured >= 1);
        Assert.True(g.OriginatedPrefixes >= 1);
        var v4 = Assert.Single(g.RibSizes, r => r.Family == V1.Family.Ipv4);
        Assert.True(v4.Prefixes >= 2, g.ToString());
    }

    [Fact]
    public async Task ListPeers_EstablishedPair_ShowsStateCapabilitiesAndCounters()
    {
        await F.WaitForPeerAsync(_a, F.AddressB, V1.SessionState.Established);
        await F.WaitForRouteAsync(_a, "10.42.0.0/24", present: true);
        var peer = Assert.Single((await _a.ListPeersAsync(new V1.ListPeersRequest())).Peers, p => p.Address == _b);
        Assert.Equal(V1.SessionState.Established, peer.State);
        Assert.True(peer.Enabled);
        Assert.Equal(65042u, peer.Asn);
        Assert.False(peer.IsInternal);
        Assert.Equal("10.0.42.1", peer.Negotiated.PeerRouterId);
        Assert.Contains(V1.Family.Ipv4, peer.Negotiated.Families);
        Assert.True(peer.Negotiated.FourOctetAs);
        Assert.Contains("4-octet-as", peer.Negotiated.PeerCapabilities);
        Assert.Equal("127.0.0.41", peer.Negotiated.LocalAddress);
        Assert.True(peer.Counters.MessagesIn >= 3, peer.Counters.ToString());
        Assert.True(peer.Counters.UpdatesIn >= 1);
        Assert.True(peer.Counters.EstablishedTransitions >= 1);
        Assert.True(peer.Counters.PrefixesAccepted >= 1);
        Assert.True(peer.Counters.PrefixesAdvertised >= 1);
        Assert.Equal("accept-all", peer.Config.ImportFilter);
        Assert.Equal($"{_b}:{fx.BgpPortB}", peer.Config.PeerIp);
    }

    [Fact]
    public async Task GetPeer_UnknownOrBadAddress_NotFoundOrInvalidArgument()
    {
        await FailsAsync(StatusCode.NotFound, () => _a.GetPeerAsync(new V1.GetPeerRequest { PeerAddress = "127.0.0.99" }).ResponseAsync, "127.0.0.99");
        await FailsAsync(StatusCode.InvalidArgument, () => _a.GetPeerAsync(new V1.GetPeerRequest { PeerAddress = "not-an-ip" }).ResponseAsync, "peer_address");
        await FailsAsync(StatusCode.InvalidArgument, () => _a.GetPeerAsync(new V1.GetPeerRequest()).ResponseAsync, "peer_address");
    }

    [Fact]
    public async Task ListRoutes_Filters_SelectTablesFamiliesAndPrefixes()
    {
        var learned = Assert.Single(await F.WaitForRouteAsync(_a, "10.42.0.0/24", present: true));
        Assert.Equal(_b, learned.Peer);
        Assert.Equal("65042", learned.AsPath);
        Assert.Equal(V1.AsPathSegment.Types.Type.AsSequence, Assert.Single(learned.AsPathSegments).Type);
        Assert.Equal(V1.Origin.Igp, learned.Origin);
        Assert.Equal(_b, learned.NextHop);
        Assert.True(learned.Best);

        var local = Assert.Single(await F.ReadAllAsync(_a.ListRoutes(new V1.ListRoutesRequest { Prefix = "10.41.0.0/24" })));
        Assert.Equal("local", local.Peer);

        var longer = await F.ReadAllAsync(_a.ListRoutes(new V1.ListRoutesRequest { Prefix = "10.0.0.0/8", Match = V1.PrefixMatch.Longer }));
        Assert.Contains(longer, r => r.Prefix == "10.41.0.0/24");
        Assert.Contains(longer, r => r.Prefix == "10.42.0.0/24");
        var shorter = await F.ReadAllAsync(_a.ListRoutes(new V1.ListRoutesRequest { Prefix = "10.42.0.128/25", Match = V1.PrefixMatch.Shorter }));
        Assert.Equal("10.42.0.0/24", Assert.Single(shorter).Prefix);
        Assert.Empty(await F.ReadAllAsync(_a.ListRoutes(new V1.ListRoutesRequest { Family = V1.Family.Ipv6 })));

        var adjIn = await F.ReadAllAsync(_a.ListRoutes(new V1.ListRoutesRequest { Table = V1.Table.AdjIn, PeerAddress = _b }));
        Assert.Contains(adjIn, r => r.Prefix == "10.42.0.0/24" && r.Peer == _b);
        Assert.DoesNotContain(adjIn, r => r.Prefix == "10.41.0.0/24");
        var adjOut = await F.ReadAllAsync(_a.ListRoutes(new V1.ListRoutesRequest { Table = V1.Table.AdjOut, PeerAddress = _b }));
        var sent = Assert.Single(adjOut, r => r.Prefix == "10.41.0.0/24");
        Assert.Equal("65041", sent.AsPath);
        Assert.DoesNotContain(adjOut, r => r.Prefix == "10.42.0.0/24");
        var all = await F.ReadAllAsync(_a.ListRoutes(new V1.ListRoutesRequest { AllPaths = true, Prefix = "10.42.0.0/24" }));
        Assert.Single(all);
    }

    [Fact]
    public async Task ListRoutes_BadRequests_InvalidArgumentOrNotFound()
    {
        await FailsAsync(StatusCode.InvalidArgument, () => F.ReadAllAsync(_a.ListRoutes(new V1.ListRoutesRequest { Table = V1.Table.AdjIn })), "peer_address");
        await FailsAsync(StatusCode.InvalidArgument, () => F.ReadAllAsync(_a.ListRoutes(new V1.ListRoutesRequest { Prefix = "10.0.0.0/33" })), "prefix");
        await FailsAsync(StatusCode.InvalidArgument, () => F.ReadAllAsync(_a.ListRoutes(new V1.ListRoutesRequest { Prefix = "10.0.0.1/8" })), "host bits");
        await FailsAsync(StatusCode.NotFound, () => F.ReadAllAsync(_a.ListRoutes(new V1.ListRoutesRequest { Table = V1.Table.AdjOut, PeerAddress = "127.0.0.99" })), "127.0.0.99");
    }

    [Fact]
    public async Task ExplainPrefix_LearnedUnknownAndBad_BestPathOrStatus()
    {
        await F.WaitForRouteAsync(_a, "10.42.0.0/24", present: true);
        var explained = await _a.ExplainPrefixAsync(new V1.ExplainPrefixRequest { Prefix = "10.42.0.0/24" });
        var best = Assert.Single(explained.Paths);
        Assert.True(best.Best);
        Assert.Equal("", best.DecidedBy);
        Assert.Equal(_b, best.Route.Peer);
        await FailsAsync(StatusCode.NotFound, () => _a.ExplainPrefixAsync(new V1.ExplainPrefixRequest { Prefix = "192.0.2.0/24" }).ResponseAsync, "192.0.2.0/24");
        await FailsAsync(StatusCode.InvalidArgument, () => _a.ExplainPrefixAsync(new V1.ExplainPrefixRequest { Prefix = "x" }).ResponseAsync, "prefix");
    }

    [Fact]
    public async Task Originated_AddThenDelete_PeerLearnsAndLosesIt()
    {
        const string prefix = "10.41.9.0/24";
        await _a.AddOriginatedAsync(new V1.AddOriginatedRequest { Prefix = prefix });
        Assert.Contains(prefix, (await _a.ListOriginatedAsync(new V1.ListOriginatedRequest())).Prefixes);
        await FailsAsync(StatusCode.AlreadyExists, () => _a.AddOriginatedAsync(new V1.AddOriginatedRequest { Prefix = prefix }).ResponseAsync, prefix);
        var atB = Assert.Single(await F.WaitForRouteAsync(fx.ClientB, prefix, present: true));
        Assert.Equal("127.0.0.41", atB.Peer);

        await _a.DeleteOriginatedAsync(new V1.DeleteOriginatedRequest { Prefix = prefix });
        await F.WaitForRouteAsync(fx.ClientB, prefix, present: false);
        await FailsAsync(StatusCode.NotFound, () => _a.DeleteOriginatedAsync(new V1.DeleteOriginatedRequest { Prefix = prefix }).ResponseAsync, prefix);
        await FailsAsync(StatusCode.InvalidArgument, () => _a.AddOriginatedAsync(new V1.AddOriginatedRequest { Prefix = "" }).ResponseAsync, "prefix");
    }

    [Fact]
    public async Task WatchEvents_PrefixAndPeerChanges_StreamSeesBestPathAndPeerComingUp()
    {
        await F.WaitForPeerAsync(_a, F.AddressB, V1.SessionState.Established);
        using var cts = new CancellationTokenSource(F.Generous);
        using var watch = _a.WatchEvents(new V1.WatchEventsRequest { InitialState = true }, cancellationToken: cts.Token);
        var first = await NextAsync(watch, e => e.Peer is not null, cts.Token);
        Assert.Equal(_b, first.Peer.PeerAddress);
        Assert.Equal(V1.SessionState.Established, first.Peer.To);

        await fx.ClientB.AddOriginatedAsync(new V1.AddOriginatedRequest { Prefix = "10.42.7.0/24" });
        var best = await NextAsync(watch, e => e.BestPath?.Prefix == "10.42.7.0/24", cts.Token);
        Assert.False(best.BestPath.Withdrawn);
        Assert.Equal(_b, best.BestPath.Best.Peer);
        await fx.ClientB.DeleteOriginatedAsync(new V1.DeleteOriginatedRequest { Prefix = "10.42.7.0/24" });
        Assert.True((await NextAsync(watch, e => e.BestPath?.Prefix == "10.42.7.0/24", cts.Token)).BestPath.Withdrawn);

        await _a.DisablePeerAsync(new V1.DisablePeerRequest { PeerAddress = _b, Communication = "maintenance" });
        var down = await NextAsync(watch, e => e.Peer?.To == V1.SessionState.Idle, cts.Token);
        Assert.Equal(V1.SessionState.Established, down.Peer.From);
        var disabled = (await _a.GetPeerAsync(new V1.GetPeerRequest { PeerAddress = _b })).Peer;
        Assert.False(disabled.Enabled);
        Assert.Equal(V1.SessionState.Idle, disabled.State);
        Assert.Equal(6u, disabled.LastError.Code);
        Assert.Equal(2u, disabled.LastError.Subcode);
        Assert.True(disabled.LastError.Sent);
        Assert.Equal("maintenance", disabled.LastError.ShutdownCommunication);
        await FailsAsync(StatusCode.FailedPrecondition, () => _a.ResetPeerAsync(new V1.ResetPeerRequest { PeerAddress = _b }).ResponseAsync, "disabled");
        await FailsAsync(StatusCode.FailedPrecondition, () => _a.DisablePeerAsync(new V1.DisablePeerRequest { PeerAddress = _b }).ResponseAsync, "disabled");

        await _a.EnablePeerAsync(new V1.EnablePeerRequest { PeerAddress = _b });
        await NextAsync(watch, e => e.Peer?.To == V1.SessionState.Established, cts.Token);
        await NextAsync(watch, e => e.BestPath?.Prefix == "10.42.0.0/24" && !e.BestPath.Withdrawn, cts.Token);
        await cts.CancelAsync();
    }

    private static async Task<V1.WatchEventsResponse> NextAsync(AsyncServerStreamingCall<V1.WatchEventsResponse> call,
        Func<V1.WatchEventsResponse, bool> wanted, CancellationToken ct)
    {
        while (await call.ResponseStream.MoveNext(ct))
            if (wanted(call.ResponseStream.Current)) return call.ResponseStream.Current;
        Assert.Fail("the watch stream ended");
        return null!;
    }

    [Fact]
    public async Task ResetPeer_HardSoftInSoftOut_SessionComesBackAndUnknownIsNotFound()
    {
        var before = await F.WaitForPeerAsync(_a, F.AddressB, V1.SessionState.Established);
        Assert.True(before.Negotiated.RouteRefresh);
        await _a.ResetPeerAsync(new V1.ResetPeerRequest { PeerAddress = _b, Kind = V1.ResetKind.SoftIn });
        await _a.ResetPeerAsync(new V1.ResetPeerRequest { PeerAddress = _b, Kind = V1.ResetKind.SoftOut });
        var deadline = DateTime.UtcNow + F.Generous;
        V1.Peer peer;
        do
        {
            peer = (await _a.GetPeerAsync(new V1.GetPeerRequest { PeerAddress = _b })).Peer;
            if (peer.Counters.RouteRefreshesOut >= before.Counters.RouteRefreshesOut + 1) break;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        Assert.True(peer.Counters.RouteRefreshesOut > before.Counters.RouteRefreshesOut, peer.Counters.ToString());

        await _a.ResetPeerAsync(new V1.ResetPeerRequest { PeerAddress = _b, Kind = V1.ResetKind.Hard, Communication = "test reset" });
        deadline = DateTime.UtcNow + F.Generous;
        do
        {
            peer = (await _a.GetPeerAsync(new V1.GetPeerRequest { PeerAddress = _b })).Peer;
            if (peer.State == V1.SessionState.Established && peer.Counters.EstablishedTransitions > before.Counters.EstablishedTransitions) break;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        Assert.True(peer.Counters.EstablishedTransitions > before.Counters.EstablishedTransitions, peer.ToString());
        Assert.Equal(4u, peer.LastError.Subcode);
        await FailsAsync(StatusCode.NotFound, () => _a.ResetPeerAsync(new V1.ResetPeerRequest { PeerAddress = "127.0.0.99" }).ResponseAsync, "127.0.0.99");
        await FailsAsync(StatusCode.InvalidArgument,
            () => _a.ResetPeerAsync(new V1.ResetPeerRequest { PeerAddress = _b, Communication = new string('x', 256) }).ResponseAsync, "communication");
    }

    [Fact]
    public async Task AddPeer_BadFields_InvalidArgumentNamingTheField()
    {
        var good = new V1.PeerConfig { PeerIp = "127.0.0.77", AsNumber = 65077 };
        await FailsAsync(StatusCode.InvalidArgument, () => _a.AddPeerAsync(new V1.AddPeerRequest()).ResponseAsync, "config");
        await FailsAsync(StatusCode.InvalidArgument, () => _a.AddPeerAsync(new V1.AddPeerRequest { Config = new V1.PeerConfig { AsNumber = 1 } }).ResponseAsync, "config.peer_ip");
        await FailsAsync(StatusCode.InvalidArgument, () => _a.AddPeerAsync(new V1.AddPeerRequest { Config = new V1.PeerConfig(good) { PeerIp = "224.0.0.1" } }).ResponseAsync, "config.peer_ip");
        await FailsAsync(StatusCode.InvalidArgument, () => _a.AddPeerAsync(new V1.AddPeerRequest { Config = new V1.PeerConfig(good) { AsNumber = 0 } }).ResponseAsync, "config.as_number");
        await FailsAsync(StatusCode.InvalidArgument, () => _a.AddPeerAsync(new V1.AddPeerRequest { Config = new V1.PeerConfig(good) { HoldTime = 2 } }).ResponseAsync, "config.hold_time");
        await FailsAsync(StatusCode.InvalidArgument, () => _a.AddPeerAsync(new V1.AddPeerRequest { Config = new V1.PeerConfig(good) { KeepaliveTime = 90 } }).ResponseAsync, "config.keepalive_time");
        await FailsAsync(StatusCode.InvalidArgument, () => _a.AddPeerAsync(new V1.AddPeerRequest { Config = new V1.PeerConfig(good) { ImportFilter = "nope" } }).ResponseAsync, "config.import_filter");
        await FailsAsync(StatusCode.InvalidArgument, () => _a.AddPeerAsync(new V1.AddPeerRequest { Config = new V1.PeerConfig(good) { RouteReflectorClient = true } }).ResponseAsync, "config.route_reflector_client");
        await FailsAsync(StatusCode.InvalidArgument, () => _a.AddPeerAsync(new V1.AddPeerRequest { Config = new V1.PeerConfig(good) { SourceAddress = "::1" } }).ResponseAsync, "config.source_address");
        await FailsAsync(StatusCode.AlreadyExists, () => _a.AddPeerAsync(new V1.AddPeerRequest { Config = new V1.PeerConfig(good) { PeerIp = _b } }).ResponseAsync, _b);
        await FailsAsync(StatusCode.NotFound, () => _a.UpdatePeerAsync(new V1.UpdatePeerRequest { Config = good }).ResponseAsync, "127.0.0.77");
        await FailsAsync(StatusCode.NotFound, () => _a.DeletePeerAsync(new V1.DeletePeerRequest { PeerAddress = "127.0.0.77" }).ResponseAsync, "127.0.0.77");
        await FailsAsync(StatusCode.NotFound, () => _a.EnablePeerAsync(new V1.EnablePeerRequest { PeerAddress = "127.0.0.77" }).ResponseAsync, "127.0.0.77");
    }

    [Fact]
    public async Task DeletePeerThenAddPeer_SameAddress_RoutesGoAndComeBack()
    {
        var before = await F.WaitForPeerAsync(_a, F.AddressB, V1.SessionState.Established);
        await F.WaitForRouteAsync(_a, "10.42.0.0/24", present: true);
        await _a.DeletePeerAsync(new V1.DeletePeerRequest { PeerAddress = _b });
        Assert.DoesNotContain((await _a.ListPeersAsync(new V1.ListPeersRequest())).Peers, p => p.Address == _b);
        await F.WaitForRouteAsync(_a, "10.42.0.0/24", present: false);
        // B was told why: CEASE 6/3 Peer De-configured (RFC 4486).
        var deadline = DateTime.UtcNow + F.Generous;
        V1.Peer atB;
        do
        {
            atB = (await fx.ClientB.GetPeerAsync(new V1.GetPeerRequest { PeerAddress = "127.0.0.41" })).Peer;
            if (atB.LastError is { Code: 6, Subcode: 3 }) break;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        Assert.False(atB.LastError.Sent);
        Assert.Equal(3u, atB.LastError.Subcode);

        var config = new V1.PeerConfig(before.Config);
        var added = (await _a.AddPeerAsync(new V1.AddPeerRequest { Config = config })).Peer;
        Assert.Equal(_b, added.Address);
        await F.WaitForPeerAsync(_a, F.AddressB, V1.SessionState.Established);
        await F.WaitForRouteAsync(_a, "10.42.0.0/24", present: true);

        var updated = await _a.UpdatePeerAsync(new V1.UpdatePeerRequest { Config = new V1.PeerConfig(config) { Description = "node b" } });
        Assert.False(updated.SessionReset);
        Assert.Equal("node b", updated.Peer.Config.Description);
        var reset = await _a.UpdatePeerAsync(new V1.UpdatePeerRequest { Config = new V1.PeerConfig(config) { HoldTime = 60 } });
        Assert.True(reset.SessionReset);
        var back = await F.WaitForPeerAsync(_a, F.AddressB, V1.SessionState.Established);
        Assert.Equal(60u, back.Config.HoldTime);
        Assert.Equal(60u, back.Negotiated.HoldTime);
    }

    [Fact]
    public async Task ReloadConfig_BadThenChangedFile_RefusedThenAppliedWithChanges()
    {
        await F.WaitForPeerAsync(_a, F.AddressB, V1.SessionState.Established);
        string original = fx.YamlA;
        try
        {
            fx.RewriteConfigA(original + "maxPaths: 0\n");
            var refused = await _a.ReloadConfigAsync(new V1.ReloadConfigRequest());
            Assert.False(refused.Applied);
            Assert.Contains(refused.Errors, e => e.Contains("maxPaths", StringComparison.Ordinal));

            fx.RewriteConfigA(original.Replace("prefixes: [10.41.0.0/24]", "prefixes: [10.41.0.0/24, 10.41.5.0/24]", StringComparison.Ordinal)
                .Replace("holdTime: 90", "holdTime: 45", StringComparison.Ordinal));
            var applied = await _a.ReloadConfigAsync(new V1.ReloadConfigRequest());
            Assert.True(applied.Applied, string.Join("\n", applied.Errors));
            Assert.Contains("prefix 10.41.5.0/24 originated", applied.Changes);
            Assert.Contains(applied.Changes, c => c.Contains("holdTime", StringComparison.Ordinal) && c.Contains("session reset", StringComparison.Ordinal));
            await F.WaitForRouteAsync(fx.ClientB, "10.41.5.0/24", present: true);
            var peer = await F.WaitForPeerAsync(_a, F.AddressB, V1.SessionState.Established);
            Assert.Equal(45u, peer.Negotiated.HoldTime);
        }
        finally
        {
            fx.RewriteConfigA(original);
            var restored = await _a.ReloadConfigAsync(new V1.ReloadConfigRequest());
            Assert.True(restored.Applied);
        }
        await F.WaitForRouteAsync(fx.ClientB, "10.41.5.0/24", present: false);
    }
}

using System.Text.Json;

namespace Bgp.Cli.Tests.Api;

public sealed class PeersCommandTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync();
        _server.Service.Peers.AddRange([SampleData.Established(), SampleData.Active(), SampleData.Disabled()]);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Peers_Table_ColumnsAlignedNumbersRight()
    {
        var r = await CliRun.AgainstAsync(_server, "peers");

        Assert.Equal(0, r.Exit);
        Assert.Equal(
            """
            PEER                 AS  STATE          UPTIME  RECEIVED  ACCEPTED  ADVERTISED  INFO
            192.0.2.1         64512  Established  1h02m03s        10         9           5  core-1
            2001:db8::2  4200000000  Active              -         0         0           0  received NOTIFICATION 6/2 Administrative Shutdown
            192.0.2.3         64513  Idle                -         0         0           0  disabled; lab

            """.ReplaceLineEndings("\n"), r.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Peers_Json_OneArrayOfObjectsWithEveryRequiredKey()
    {
        var r = await CliRun.AgainstAsync(_server, "peers", "--json");

        Assert.Equal(0, r.Exit);
        Assert.Single(r.Lines);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Equal(JsonValueKind.Array, doc.RootElement.ValueKind);
        Assert.Equal(3, doc.RootElement.GetArrayLength());
        string[] states = ["Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established"];
        foreach (var peer in doc.RootElement.EnumerateArray())
        {
            Assert.Equal(JsonValueKind.String, peer.GetProperty("address").ValueKind);
            Assert.True(peer.GetProperty("asn").TryGetUInt32(out _));
            Assert.Contains(peer.GetProperty("state").GetString(), states);
            foreach (string key in new[] { "prefixesReceived", "prefixesAccepted", "prefixesAdvertised", "uptimeSeconds" })
                Assert.True(peer.GetProperty(key).TryGetUInt64(out _), key);
            Assert.Contains(peer.GetProperty("lastError").ValueKind, new[] { JsonValueKind.String, JsonValueKind.Null });
            Assert.Equal(JsonValueKind.String, peer.GetProperty("description").ValueKind);
        }
        var established = doc.RootElement[0];
        Assert.Equal("192.0.2.1", established.GetProperty("address").GetString());
        Assert.Equal(64512u, established.GetProperty("asn").GetUInt32());
        Assert.Equal("Established", established.GetProperty("state").GetString());
        Assert.Equal(10ul, established.GetProperty("prefixesReceived").GetUInt64());
        Assert.Equal(9ul, established.GetProperty("prefixesAccepted").GetUInt64());
        Assert.Equal(5ul, established.GetProperty("prefixesAdvertised").GetUInt64());
        Assert.Equal(3723ul, established.GetProperty("uptimeSeconds").GetUInt64());
        Assert.Equal(JsonValueKind.Null, established.GetProperty("lastError").ValueKind);
        Assert.True(established.GetProperty("negotiated").GetProperty("fourOctetAs").GetBoolean());
        Assert.Equal(90, established.GetProperty("negotiated").GetProperty("holdTime").GetInt32());
        Assert.Equal("2026-11-28T10:27:11Z", established.GetProperty("stateSince").GetString());
        var active = doc.RootElement[1];
        Assert.Equal(4200000000u, active.GetProperty("asn").GetUInt32());
        Assert.Equal("received NOTIFICATION 6/2 Administrative Shutdown", active.GetProperty("lastError").GetString());
        Assert.Equal(6, active.GetProperty("lastErrorDetail").GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.Null, active.GetProperty("negotiated").ValueKind);
        Assert.False(doc.RootElement[2].GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Peers_NoPeers_JsonIsEmptyArrayTableIsHeader()
    {
        _server.Service.Peers.Clear();

        var json = await CliRun.AgainstAsync(_server, "peers", "--json");
        var table = await CliRun.AgainstAsync(_server, "peers");

        Assert.Equal("[]", json.Out.Trim());
        Assert.Equal("PEER  AS  STATE  UPTIME  RECEIVED  ACCEPTED  ADVERTISED  INFO", table.Out.Trim());
    }

    [Fact]
    public async Task Peer_Known_DetailNamesStateCountersAndCapabilities()
    {
        var r = await CliRun.AgainstAsync(_server, "peer", "192.0.2.1");

        Assert.Equal(0, r.Exit);
        Assert.StartsWith("peer 192.0.2.1 AS64512 (eBGP)\n", r.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("  State:", r.Out, StringComparison.Ordinal);
        Assert.Contains("Established since 2026-11-28T10:27:11Z (up 1h02m03s)", r.Out, StringComparison.Ordinal);
        Assert.Contains("10 received, 9 accepted, 5 advertised", r.Out, StringComparison.Ordinal);
        Assert.Contains("4-octet-as route-refresh", r.Out, StringComparison.Ordinal);
        Assert.Contains("192.0.2.254:179 -> 192.0.2.1:40000", r.Out, StringComparison.Ordinal);
        // Values line up: every "label:" line with a value starts its value in the same column.
        var columns = new HashSet<int>();
        foreach (string line in r.Lines[1..])
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || colon == line.Length - 1) continue;
            int value = colon + 1;
            while (value < line.Length && line[value] == ' ') value++;
            columns.Add(value);
        }
        Assert.Single(columns);
    }

    [Theory]
    [InlineData(true, 0u, "add-path-send=ecmp add-path-receive")]
    [InlineData(false, 8u, "add-path-send=8 add-path-receive")]
    [InlineData(false, 0u, "add-path-send add-path-receive")]
    public async Task Peer_AddPathSendMode_TextOptionAndJsonKeys(bool ecmp, uint maxPaths, string options)
    {
        var peer = SampleData.Established();
        peer.Address = peer.Config.PeerIp = "192.0.2.9";
        peer.Config.AddPathSend = peer.Config.AddPathReceive = true;
        peer.Config.AddPathSendEcmp = ecmp;
        peer.Config.AddPathSendMaxPaths = maxPaths;
        _server.Service.Peers.Add(peer);

        var text = await CliRun.AgainstAsync(_server, "peer", "192.0.2.9");
        var json = await CliRun.AgainstAsync(_server, "peer", "192.0.2.9", "--json");

        Assert.Equal(0, text.Exit);
        Assert.Contains(options, text.Out, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json.Out);
        var config = doc.RootElement.GetProperty("config");
        Assert.Equal(ecmp, config.GetProperty("addPathSendEcmp").GetBoolean());
        Assert.Equal(maxPaths, config.GetProperty("addPathSendMaxPaths").GetUInt32());
    }

    [Fact]
    public async Task Peer_Json_OneObjectWithRequiredKeys()
    {
        var r = await CliRun.AgainstAsync(_server, "peer", "2001:db8::2", "--json");

        Assert.Equal(0, r.Exit);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Equal("2001:db8::2", doc.RootElement.GetProperty("address").GetString());
        Assert.Equal("Active", doc.RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Peer_Unknown_PrintsServersNotFoundMessageAndExitsOne()
    {
        var r = await CliRun.AgainstAsync(_server, "peer", "192.0.2.99");

        Assert.Equal(1, r.Exit);
        Assert.Equal("", r.Out);
        Assert.Equal("bgpctl peer: no peer has address 192.0.2.99 (NOT_FOUND)", r.Err.Trim());
    }
}

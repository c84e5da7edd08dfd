using System.Text;
using System.Text.Json;
using Bgp.Api.V1;

namespace Bgp.Cli.Tests.Api;

public sealed class RoutesCommandTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync();
        _server.Service.Routes = _ => [SampleData.Best(), SampleData.Candidate(), SampleData.V6()];
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Routes_Table_ColumnsAlignedWithStatusMarkers()
    {
        var r = await CliRun.AgainstAsync(_server, "routes");

        Assert.Equal(0, r.Exit);
        Assert.Equal(
            """
                PREFIX           NEXT HOP               PEER         LOCPRF  MED  ORIGIN      AS PATH                    COMMUNITIES
            *>  10.0.0.0/24      192.0.2.1              192.0.2.1       100    -  IGP         64512 64513                65000:100 no-export
            *=  10.0.0.0/24      192.0.2.3              192.0.2.3       100   50  INCOMPLETE  64513 64514 {64515 64516}  -
            S>  2001:db8:1::/48  2001:db8::2 (fe80::2)  2001:db8::2       -    0  EGP         4200000000                 4200000000:1:2

            """.ReplaceLineEndings("\n"), r.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Routes_Json_OneObjectPerLineWithEveryRequiredKey()
    {
        var r = await CliRun.AgainstAsync(_server, "routes", "--json");

        Assert.Equal(0, r.Exit);
        Assert.Equal(3, r.Lines.Length);
        var routes = new List<JsonElement>();
        foreach (string line in r.Lines)
        {
            using var doc = JsonDocument.Parse(line);
            var o = doc.RootElement;
            Assert.Equal(JsonValueKind.Object, o.ValueKind);
            Assert.Equal(JsonValueKind.String, o.GetProperty("prefix").ValueKind);
            Assert.Equal(JsonValueKind.String, o.GetProperty("nextHop").ValueKind);
            Assert.Equal(JsonValueKind.String, o.GetProperty("asPath").ValueKind);
            Assert.Contains(o.GetProperty("origin").GetString(), new[] { "IGP", "EGP", "INCOMPLETE" });
            Assert.Contains(o.GetProperty("localPref").ValueKind, new[] { JsonValueKind.Number, JsonValueKind.Null });
            Assert.Contains(o.GetProperty("med").ValueKind, new[] { JsonValueKind.Number, JsonValueKind.Null });
            Assert.Equal(JsonValueKind.Array, o.GetProperty("communities").ValueKind);
            foreach (var c in o.GetProperty("communities").EnumerateArray()) Assert.Equal(JsonValueKind.String, c.ValueKind);
            Assert.Equal(JsonValueKind.String, o.GetProperty("peer").ValueKind);
            Assert.Contains(o.GetProperty("best").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
            routes.Add(o.Clone());
        }
        Assert.Equal("10.0.0.0/24", routes[0].GetProperty("prefix").GetString());
        Assert.Equal("192.0.2.1", routes[0].GetProperty("nextHop").GetString());
        Assert.Equal("64512 64513", routes[0].GetProperty("asPath").GetString());
        Assert.Equal("IGP", routes[0].GetProperty("origin").GetString());
        Assert.Equal(100, routes[0].GetProperty("localPref").GetInt32());
        Assert.Equal(JsonValueKind.Null, routes[0].GetProperty("med").ValueKind);
        Assert.Equal(["65000:100", "no-export"], routes[0].GetProperty("communities").EnumerateArray().Select(c => c.GetString()!).ToArray());
        Assert.True(routes[0].GetProperty("best").GetBoolean());
        Assert.False(routes[1].GetProperty("best").GetBoolean());
        Assert.True(routes[1].GetProperty("multipath").GetBoolean());
        Assert.Equal(50, routes[1].GetProperty("med").GetInt32());
        Assert.Equal("INCOMPLETE", routes[1].GetProperty("origin").GetString());
        Assert.Equal(0, routes[2].GetProperty("med").GetInt32());
        Assert.Equal(JsonValueKind.Null, routes[2].GetProperty("localPref").ValueKind);
        Assert.Equal("fe80::2", routes[2].GetProperty("nextHopLinkLocal").GetString());
        Assert.Equal("ipv6", routes[2].GetProperty("family").GetString());
        Assert.Equal(["4200000000:1:2"], routes[2].GetProperty("largeCommunities").EnumerateArray().Select(c => c.GetString()!).ToArray());
    }

    [Fact]
    public async Task Routes_Options_ReachTheRequest()
    {
        var r = await CliRun.AgainstAsync(_server, "routes", "--table", "in", "--peer", "2001:db8:0::2", "--family=ipv4", "--longer", "10.0.0.0/8");

        Assert.Equal(0, r.Exit);
        var request = _server.Service.Last<ListRoutesRequest>();
        Assert.Equal(Table.AdjIn, request.Table);
        Assert.Equal("2001:db8::2", request.PeerAddress);
        Assert.Equal(Family.Ipv4, request.Family);
        Assert.Equal("10.0.0.0/8", request.Prefix);
        Assert.Equal(PrefixMatch.Longer, request.Match);
        Assert.False(request.AllPaths);
    }

    [Fact]
    public async Task Routes_Defaults_LocRibBothFamiliesBestOnly()
    {
        await CliRun.AgainstAsync(_server, "routes");
        var plain = _server.Service.Last<ListRoutesRequest>();
        await CliRun.AgainstAsync(_server, "routes", "--all", "--shorter", "10.1.0.0/16");
        var all = _server.Service.Last<ListRoutesRequest>();

        Assert.Equal(Table.Loc, plain.Table);
        Assert.Equal(Family.Unspecified, plain.Family);
        Assert.Equal("", plain.Prefix);
        Assert.False(plain.AllPaths);
        Assert.True(all.AllPaths);
        Assert.Equal(PrefixMatch.Shorter, all.Match);
    }

    [Fact]
    public async Task Routes_HundredThousand_StreamedLineByLineNotBuffered()
    {
        const int Count = 100_000;
        var output = new LineCountingWriter();
        _server.Service.Routes = _ => Enumerable.Range(0, Count).Select(SampleData.Numbered);
        // The server stops after 2,000 routes until bgpctl has printed one: a client that collected the
        // stream before printing would never print, and the gate's timeout fails the stream.
        _server.Service.AfterRoute = async i =>
        {
            if (i == 2000) await output.FirstLine.Task.WaitAsync(TimeSpan.FromSeconds(30));
        };

        var r = await CliRun.RunAsync(["routes", "--json", "--api", _server.Address], stdout: output);

        Assert.True(r.Exit == 0, r.Err);
        Assert.Equal(Count, output.Lines);
        Assert.Equal(0, output.NotObjects);
        Assert.Equal("10.0.0.0/32", output.First);
        Assert.Equal("10.1.134.159/32", output.Last);
    }

    [Fact]
    public async Task Routes_ServerError_PrintsItsMessage()
    {
        _server.Service.Routes = request => throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.NotFound, $"no peer has address {request.PeerAddress}"));

        var r = await CliRun.AgainstAsync(_server, "routes", "--table", "out", "--peer", "192.0.2.77");

        Assert.Equal(1, r.Exit);
        Assert.Equal("bgpctl routes: no peer has address 192.0.2.77 (NOT_FOUND)", r.Err.Trim());
    }

    [Fact]
    public async Task Routes_StreamBreaksOff_RowsSoFarPrintedThenErrorExitOne()
    {
        _server.Service.Routes = _ => Broken();

        var r = await CliRun.AgainstAsync(_server, "routes");

        Assert.Equal(1, r.Exit);
        Assert.Equal(3, r.Lines.Length);
        Assert.Equal("bgpctl routes: RIB loop stopped (ABORTED)", r.Err.Trim());

        static IEnumerable<Route> Broken()
        {
            yield return SampleData.Best();
            yield return SampleData.Candidate();
            throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Aborted, "RIB loop stopped"));
        }
    }

    [Theory]
    [InlineData("10.0.0.0/33", "bad prefix '10.0.0.0/33'")]
    [InlineData("10.0.0.1/24", "host bits set (did you mean 10.0.0.0/24?)")]
    [InlineData("banana", "bad prefix 'banana'")]
    public async Task Routes_BadPrefix_UsageErrorNamingIt(string prefix, string message)
    {
        var r = await CliRun.AgainstAsync(_server, "routes", prefix);

        Assert.Equal(64, r.Exit);
        Assert.Contains(message, r.Err, StringComparison.Ordinal);
        Assert.Contains("usage: bgpctl routes", r.Err, StringComparison.Ordinal);
        Assert.Empty(_server.Service.Requests);
    }

    [Theory]
    [InlineData("bad family 'ipv5'", "--family", "ipv5")]
    [InlineData("unknown option '--longest'", "--longest", "10.0.0.0/8")]
    [InlineData("bad table 'adj'", "--table", "adj")]
    [InlineData("--table in needs --peer ADDR", "--table", "in")]
    [InlineData("--longer needs a PREFIX", "--longer")]
    [InlineData("--longer and --shorter exclude each other", "--longer", "--shorter", "10.0.0.0/8")]
    [InlineData("option '--peer' needs a value (ADDR)", "--peer")]
    [InlineData("bad peer address '192.0.2.300'", "--peer", "192.0.2.300")]
    [InlineData("prefix 10.0.0.0/8 is not in --family ipv6", "--family", "ipv6", "10.0.0.0/8")]
    [InlineData("unexpected argument '10.1.0.0/16'", "10.0.0.0/8", "10.1.0.0/16")]
    public async Task Routes_BadArguments_UsageErrorExit64(string message, params string[] args)
    {
        var r = await CliRun.AgainstAsync(_server, ["routes", .. args]);

        Assert.Equal(64, r.Exit);
        Assert.StartsWith($"bgpctl routes: {message}", r.Err.ReplaceLineEndings("\n").Split('\n')[0], StringComparison.Ordinal);
        Assert.Empty(_server.Service.Requests);
    }

    /// <summary>Counts lines as they arrive and parses each, keeping only the first and last prefix.</summary>
    private sealed class LineCountingWriter : TextWriter
    {
        public TaskCompletionSource FirstLine { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Lines { get; private set; }
        public int NotObjects { get; private set; }
        public string? First { get; private set; }
        public string? Last { get; private set; }

        public override Encoding Encoding => Encoding.UTF8;

        public override void WriteLine(string? value)
        {
            using var doc = JsonDocument.Parse(value ?? "");
            if (doc.RootElement.ValueKind != JsonValueKind.Object) NotObjects++;
            string? prefix = doc.RootElement.GetProperty("prefix").GetString();
            First ??= prefix;
            Last = prefix;
            Lines++;
            FirstLine.TrySetResult();
        }

        public override void Write(char value) => throw new InvalidOperationException("routes --json writes whole lines");
    }
}

using Bgp.Daemon.Config;
using Bgp.Protocol;

namespace Bgp.Daemon.Tests.Config;

/// <summary>Unknown keys, duplicates, wrong shapes, YAML syntax, and that every problem of a file is reported at once.</summary>
public class ConfigStrictReadingTests
{
    [Theory]
    [InlineData("maxpaths: 2", "test.yaml:3:1: maxpaths: unknown key 'maxpaths' (did you mean 'maxPaths'?)")]
    [InlineData("prefix: [10.0.0.0/8]", "test.yaml:3:1: prefix: unknown key 'prefix' (did you mean 'prefixes'?)")]
    [InlineData("routeReflectorClusterID: 192.0.2.9",
        "test.yaml:3:1: routeReflectorClusterID: unknown key 'routeReflectorClusterID' (did you mean 'routeReflectorClusterId'?)")]
    [InlineData("peers:\n  - { peerIP: 192.0.2.2, asNumber: 1, holdtime: 30 }",
        "test.yaml:4:39: peers[0].holdtime: unknown key 'holdtime' (did you mean 'holdTime'?)")]
    [InlineData("peers:\n  - { peerIP: 192.0.2.2, asNumber: 1, keepalive: 30 }",
        "test.yaml:4:39: peers[0].keepalive: unknown key 'keepalive' (did you mean 'keepaliveTime'?)")]
    [InlineData("peers:\n  - { peerIp: 192.0.2.2, asNumber: 1 }",
        "test.yaml:4:5: peers[0].peerIP: is required", "test.yaml:4:7: peers[0].peerIp: unknown key 'peerIp' (did you mean 'peerIP'?)")]
    [InlineData("peers:\n  - { peerIP: 192.0.2.2, asNumber: 1, hodlTime: 30 }",
        "test.yaml:4:39: peers[0].hodlTime: unknown key 'hodlTime' (did you mean 'holdTime'?)")]
    [InlineData("kernel: { enable: true }", "test.yaml:3:11: kernel.enable: unknown key 'enable' (did you mean 'enabled'?)")]
    [InlineData("api: { tls: { cert: a.pem, keyFile: b.pem } }",
        "test.yaml:3:13: api.tls.certFile: is required", "test.yaml:3:15: api.tls.cert: unknown key 'cert' (did you mean 'certFile'?)",
        "test.yaml:3:37: api.tls.keyFile: file not found: " + "{cwd}/b.pem")]
    public void Parse_UnknownKeyNearAKnownOne_SuggestsIt(string yaml, params string[] expected)
    {
        string cwd = Directory.GetCurrentDirectory();
        Assert.Equal(expected.Select(e => e.Replace("{cwd}", cwd, StringComparison.Ordinal)), ConfigText.Errors(ConfigText.WithMinimal(yaml)));
    }

    [Fact]
    public void Parse_UnknownKeyFarFromAny_ListsTheKnownKeys()
    {
        Assert.Equal(
            ["test.yaml:3:1: colour: unknown key 'colour'; expected one of: asNumber, routerId, listen, api, routeReflectorClusterId, peers, prefixes, kernel, gracefulRestart, maxPaths, bestPath, filters, logging, health, warmup, updateGroups, hugePages"],
            ConfigText.Errors(ConfigText.WithMinimal("colour: red")));
    }

    [Fact]
    public void Parse_DuplicateKey_ReportedWithTheFirstLine()
    {
        Assert.Equal(
            ["test.yaml:3:1: asNumber: duplicate key 'asNumber' (first at line 1)"],
            ConfigText.Errors(ConfigText.WithMinimal("asNumber: 64513")));
    }

    [Theory]
    [InlineData("listen: [1, 2]", "test.yaml:3:9: listen: expected a mapping, got a list")]
    [InlineData("listen: 179", "test.yaml:3:9: listen: expected a mapping, got '179'")]
    [InlineData("prefixes: 10.0.0.0/8", "test.yaml:3:11: prefixes: expected a list, got '10.0.0.0/8'")]
    [InlineData("prefixes: [[10.0.0.0/8]]", "test.yaml:3:12: prefixes[0]: expected a string, got a list")]
    [InlineData("maxPaths: two", "test.yaml:3:11: maxPaths: expected an integer, got 'two'")]
    [InlineData("maxPaths: 2.5", "test.yaml:3:11: maxPaths: expected an integer, got '2.5'")]
    [InlineData("kernel: { enabled: \"true\" }", "test.yaml:3:20: kernel.enabled: expected true or false, got the string \"true\"")]
    [InlineData("[1, 2]: x", "test.yaml:3:1: keys must be plain names, got a list")]
    [InlineData("hugePages: sometimes", "test.yaml:3:12: hugePages: expected auto, true or false, got 'sometimes'")]
    [InlineData("hugePages: \"true\"", "test.yaml:3:12: hugePages: expected auto, true or false, got the string \"true\"")]
    public void Parse_WrongType_NamesExpectedAndActual(string yaml, string expected) =>
        Assert.Equal([expected], ConfigText.Errors(ConfigText.WithMinimal(yaml)));

    [Fact]
    public void Parse_NotAMapping_SaysSo() =>
        Assert.Equal(["test.yaml:1:1: expected a mapping, got a list"], ConfigText.Errors(ConfigText.Parse("- asNumber: 1\n")));

    [Fact]
    public void Parse_SyntaxError_OneErrorWithPosition()
    {
        var errors = ConfigText.Errors(ConfigText.Parse("asNumber: 64512\nrouterId: a: b\n"));
        Assert.Equal("test.yaml:2:12: YAML syntax error: While scanning a plain scalar value, found invalid mapping.", Assert.Single(errors));
    }

    [Fact]
    public void Parse_UnclosedFlowList_OneErrorNotACrash()
    {
        // YamlDotNet throws InvalidOperationException on this one; it must still become an error value.
        var errors = ConfigText.Errors(ConfigText.Parse("asNumber: 64512\nrouterId: [192.0.2.1\npeers: x\n"));
        var e = Assert.Single(errors);
        Assert.Matches(@"^test\.yaml:\d+:\d+: YAML syntax error: ", e);
        Assert.DoesNotContain("(Line:", e, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("~\n")]
    public void Parse_EmptyFile_SaysWhatIsRequired(string yaml) =>
        Assert.Equal(["test.yaml: the file is empty; at least asNumber and routerId are required"], ConfigText.Errors(ConfigText.Parse(yaml)));

    [Fact]
    public void Parse_TwoDocuments_Refused() =>
        Assert.Equal(
            ["test.yaml: the file holds more than one YAML document ('---'); bgpd reads exactly one"],
            ConfigText.Errors(ConfigText.Parse(ConfigText.Minimal + "---\n" + ConfigText.Minimal)));

    [Fact]
    public void Parse_AnchorsAndAliases_Resolved()
    {
        var c = ConfigText.Valid(ConfigText.Minimal +
            "peers:\n  - &node { peerIP: 192.0.2.2, asNumber: 64512, families: &fam [ipv4, ipv6] }\n  - { peerIP: 192.0.2.3, asNumber: 64512, families: *fam }\n");
        Assert.Equal<AfiSafi>(c.Peers[0].Families, c.Peers[1].Families);
        Assert.Equal(2, c.Peers[1].Families.Length);
    }

    [Fact]
    public void Load_SeveralProblems_ReportsEveryOneInFileOrder()
    {
        var result = ConfigLoader.Load(ConfigText.Fixture("broken-many.yaml"));
        string f = ConfigText.Fixture("broken-many.yaml");
        Assert.Equal(
            [
                $"{f}:2:11: asNumber: AS 0 is reserved (RFC 7607)",
                $"{f}:3:11: routerId: must not be 0.0.0.0 (RFC 6286: the BGP Identifier is non-zero)",
                $"{f}:4:26: listen.prot: unknown key 'prot' (did you mean 'port'?)",
                $"{f}:8:15: peers[0].holdTime: must be 0 or between 3 and 65535 (RFC 4271 4.2), got 2",
                $"{f}:9:22: peers[0].families[1]: expected one of ipv4, ipv6, got 'ipv5'",
                $"{f}:10:19: peers[0].exportFilter: filter 'pod-cidr' is not defined; defined: none; built in: accept-all, reject-all",
                $"{f}:12:15: peers[1].asNumber: 23456 is AS_TRANS (RFC 6793), a placeholder that must not be configured as an AS number",
                $"{f}:14:5: prefixes[0]: '10.244.1.1/26' has host bits set; the prefix is 10.244.1.0/26",
            ],
            ConfigText.Errors(result));
    }

    [Fact]
    public void Load_MissingFile_OneErrorNamingIt()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bgpd-missing-{Guid.NewGuid():N}.yaml");
        var e = Assert.Single(ConfigLoader.Load(path).Errors);
        Assert.Equal(path, e.File);
        Assert.Null(e.Line);
        Assert.StartsWith($"{path}: cannot read the file: ", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TlsFilesRelativeToConfig_ResolvedAndAccepted()
    {
        string dir = Directory.CreateTempSubdirectory("bgpd-config-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "api.crt"), "cert");
            File.WriteAllText(Path.Combine(dir, "api.key"), "key");
            File.WriteAllText(Path.Combine(dir, "ca.crt"), "ca");
            string config = Path.Combine(dir, "bgpd.yaml");
            File.WriteAllText(config, ConfigText.Minimal + "api:\n  address: 0.0.0.0\n  tls: { certFile: api.crt, keyFile: api.key, clientCaFile: ca.crt }\n");

            var result = ConfigLoader.Load(config);

            Assert.True(result.Success, result.FormatErrors());
            Assert.Equal(
                new ApiTlsConfig { CertFile = Path.Combine(dir, "api.crt"), KeyFile = Path.Combine(dir, "api.key"), ClientCaFile = Path.Combine(dir, "ca.crt") },
                result.Config.Api.Tls);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Load_TlsClientCaMissing_NamesTheResolvedPath()
    {
        string dir = Directory.CreateTempSubdirectory("bgpd-config-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "api.crt"), "cert");
            File.WriteAllText(Path.Combine(dir, "api.key"), "key");
            string config = Path.Combine(dir, "bgpd.yaml");
            File.WriteAllText(config, ConfigText.Minimal + "api:\n  address: 0.0.0.0\n  tls: { certFile: api.crt, keyFile: api.key, clientCaFile: ca.crt }\n");

            Assert.Equal(
                [$"{config}:5:61: api.tls.clientCaFile: file not found: {Path.Combine(dir, "ca.crt")}"],
                ConfigText.Errors(ConfigLoader.Load(config)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("holdtime", "holdTime")]
    [InlineData("hodlTime", "holdTime")]
    [InlineData("familes", "families")]
    [InlineData("exportfilter", "exportFilter")]
    [InlineData("asn", null)]
    [InlineData("weight", null)]
    public void Suggest_Misspelling_NearestPeerKeyOrNone(string typed, string? expected)
    {
        string[] keys = ["peerIP", "asNumber", "holdTime", "keepaliveTime", "families", "importFilter", "exportFilter", "password"];
        Assert.Equal(expected, KeySuggester.Suggest(typed, keys));
    }
}

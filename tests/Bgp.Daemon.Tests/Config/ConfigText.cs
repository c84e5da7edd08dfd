using Bgp.Daemon.Config;
using Bgp.Testing;

namespace Bgp.Daemon.Tests.Config;

/// <summary>Parses YAML snippets under the name "test.yaml"; <see cref="Minimal"/> is the two required keys (lines 1-2).</summary>
internal static class ConfigText
{
    public const string FileName = "test.yaml";
    public const string Minimal = "asNumber: 64512\nrouterId: 192.0.2.1\n";

    public static ConfigLoadResult Parse(string yaml) => ConfigLoader.Parse(yaml, FileName);

    /// <summary>The minimal config with <paramref name="more"/> appended (it starts on line 3).</summary>
    public static ConfigLoadResult WithMinimal(string more) => Parse(Minimal + more);

    public static BgpdConfig Valid(string yaml)
    {
        var result = Parse(yaml);
        Assert.True(result.Success, result.FormatErrors());
        return result.Config;
    }

    public static string[] Errors(ConfigLoadResult result)
    {
        Assert.False(result.Success);
        return [.. result.Errors.Select(e => e.ToString())];
    }

    public static string Fixture(string name) => Path.Combine(FixturePaths.RepositoryRoot, "fixtures", "config", name);
}

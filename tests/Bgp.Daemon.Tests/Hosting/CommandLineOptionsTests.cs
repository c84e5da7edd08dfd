using Bgp.Daemon.Config;
using Bgp.Daemon.Hosting;

namespace Bgp.Daemon.Tests.Hosting;

public sealed class CommandLineOptionsTests
{
    [Fact]
    public void TryParse_ConfigAndJson_BothTaken()
    {
        Assert.True(CommandLineOptions.TryParse(["--config", "/etc/bgpd.yaml", "--log-format", "json"], out var o, out _));
        Assert.Equal("/etc/bgpd.yaml", o.ConfigPath);
        Assert.Equal(LogFormatSetting.Json, o.LogFormat);
    }

    [Fact]
    public void TryParse_NoLogFormat_LeftToTheConfig()
    {
        Assert.True(CommandLineOptions.TryParse(["--config", "x.yaml"], out var o, out _));
        Assert.Null(o.LogFormat);
    }

    [Theory]
    [InlineData(new string[0], "--config FILE is required")]
    [InlineData(new[] { "--config" }, "--config needs a file name")]
    [InlineData(new[] { "--config", "x", "--log-format", "xml" }, "'xml' is neither text nor json")]
    [InlineData(new[] { "--config", "x", "--verbose" }, "unknown argument '--verbose'")]
    public void TryParse_BadArguments_ErrorNamesTheProblem(string[] args, string expected)
    {
        Assert.False(CommandLineOptions.TryParse(args, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}

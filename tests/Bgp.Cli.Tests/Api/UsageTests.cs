using Bgp.Cli.Api;

namespace Bgp.Cli.Tests.Api;

public sealed class UsageTests
{
    [Fact]
    public async Task Help_ListsEveryCommandAndOption()
    {
        var r = await CliRun.RunAsync(["--help"]);

        Assert.Equal(0, r.Exit);
        foreach (var command in ApiCommands.All)
        {
            Assert.Contains($"  {command.Name} ", r.Out, StringComparison.Ordinal);
            foreach (var option in command.Options) Assert.Contains(option.Synopsis, r.Out, StringComparison.Ordinal);
        }
        foreach (var option in ApiCommands.GlobalOptions) Assert.Contains(option.Synopsis, r.Out, StringComparison.Ordinal);
        foreach (string word in new[] { "decode", "mrt", "show", "BGPCTL_API", "69", "64" })
            Assert.Contains(word, r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoutesHelp_ListsItsOptionsAndTheCommonOnes()
    {
        var r = await CliRun.RunAsync(["routes", "--help"]);
        var viaHelp = await CliRun.RunAsync(["help", "routes"]);

        Assert.Equal(0, r.Exit);
        Assert.Equal(r.Out, viaHelp.Out);
        Assert.StartsWith("usage: bgpctl routes [PREFIX] [--table in|loc|out] [--peer ADDR] [--family ipv4|ipv6] [--longer] [--shorter] [--all]", r.Out, StringComparison.Ordinal);
        foreach (string option in new[] { "--table", "--peer", "--family", "--longer", "--shorter", "--all", "--json", "--api", "--timeout" })
            Assert.Contains($"  {option}", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoCommand_UsageOnStderrExit64()
    {
        var r = await CliRun.RunAsync([]);

        Assert.Equal(64, r.Exit);
        Assert.Contains("usage: bgpctl", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_NamedExit64()
    {
        var r = await CliRun.RunAsync(["neighbours"]);

        Assert.Equal(64, r.Exit);
        Assert.StartsWith("bgpctl: unknown command 'neighbours'", r.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad peer address '10.0.0.0/8'", "peer", "10.0.0.0/8")]
    [InlineData("missing argument", "peer")]
    [InlineData("bad prefix 'x'", "explain", "x")]
    [InlineData("bad prefix '10.0.0.0'", "announce", "10.0.0.0")]
    [InlineData("unexpected argument 'now'", "reload", "now")]
    [InlineData("unknown option '--hard'", "reset", "192.0.2.1", "--hard")]
    [InlineData("option '--json' takes no value", "peers", "--json=yes")]
    [InlineData("bad --timeout '0'", "peers", "--timeout", "0")]
    public async Task Command_BadArguments_UsageErrorExit64(string message, params string[] args)
    {
        var r = await CliRun.RunAsync(args);

        Assert.Equal(64, r.Exit);
        Assert.StartsWith($"bgpctl {args[0]}: {message}", r.Err, StringComparison.Ordinal);
    }
}

using Bgp.Daemon.Hosting;
using Bgp.Rib;
using Serilog;

namespace Bgp.Daemon.Tests.Hosting;

/// <summary>The <c>hugePages</c> key reaches the Loc-RIB's arena (HugePageArena.Shared.Mode).</summary>
[Collection(ProcessWideSettingsCollection.Name)]
public sealed class BgpdHugePagesTests
{
    [Theory]
    [InlineData(null, HugePageMode.Auto)]
    [InlineData("auto", HugePageMode.Auto)]
    [InlineData("false", HugePageMode.Never)]
    [InlineData("true", HugePageMode.Always)]
    public async Task Create_HugePagesKey_SetsTheArenaMode(string? key, HugePageMode expected)
    {
        var config = MinimalDaemonConfig.With(key is { } k ? $"hugePages: {k}" : null);
        // Something else first, so that the daemon is what sets it.
        HugePageArena.Shared.Mode = expected == HugePageMode.Never ? HugePageMode.Always : HugePageMode.Never;
        try
        {
            await using var daemon = BgpDaemon.Create(config, "huge-pages.yaml", new LoggerConfiguration().CreateLogger(), null, out var errors);
            Assert.Empty(errors);
            Assert.Equal(expected, HugePageArena.Shared.Mode);
        }
        finally
        {
            HugePageArena.Shared.Mode = HugePageMode.Auto;
        }
    }
}

using Bgp.Daemon.Hosting;
using Bgp.Rib;
using Serilog;

namespace Bgp.Daemon.Tests.Hosting;

/// <summary>The <c>hugePages</c> key reaches the Loc-RIB's arena (HugePageArena.Shared.AdviseHugePages).</summary>
[Collection(ProcessWideSettingsCollection.Name)]
public sealed class BgpdHugePagesTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public async Task Create_HugePagesKey_SetsTheArenaAdvice(bool? key, bool expected)
    {
        var config = MinimalDaemonConfig.With(key is { } k ? $"hugePages: {(k ? "true" : "false")}" : null);
        // The opposite first, so that the daemon is what sets it.
        HugePageArena.Shared.AdviseHugePages = !expected;
        try
        {
            await using var daemon = BgpDaemon.Create(config, "huge-pages.yaml", new LoggerConfiguration().CreateLogger(), null, out var errors);
            Assert.Empty(errors);
            Assert.Equal(expected, HugePageArena.Shared.AdviseHugePages);
        }
        finally
        {
            HugePageArena.Shared.AdviseHugePages = true;
        }
    }
}

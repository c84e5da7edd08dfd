using Bgp.Daemon.Routing;
using Bgp.Protocol;
using Bgp.Rib;
using Bgp.Rib.Engine;

namespace Bgp.Daemon.Tests.Routing;

/// <summary>The warm-up runs with the daemon's own RIB settings: whatever the configuration, its table must still add up.</summary>
public class UpdatePathWarmupSettingsTests
{
    [Theory]
    // The warm-up's eBGP source AS, its eBGP sink AS, and ASes inside its synthetic AS_PATHs (3014, 3027, 4200100024):
    // unless the table steps around the local AS, the source is not external or import drops routes as looped (RFC 4271 9.1.2).
    [InlineData(4_200_000_001u)]
    [InlineData(4_200_000_002u)]
    [InlineData(3_027u)]
    [InlineData(3_014u)]
    [InlineData(4_200_100_024u)]
    public async Task RunAsync_LocalAsAmongTheTablesAses_Complete(uint localAs)
    {
        var result = await UpdatePathWarmup.RunAsync(new RibEngineSettings(localAs, RouterId.Parse("192.0.2.2")), null, TimeProvider.System,
            CancellationToken.None);

        Assert.True(result.Complete, string.Join("; ", result.Problems));
    }

    [Fact]
    public async Task RunAsync_EveryDecisionKnobAndClusterId_Complete()
    {
        // fixtures/config/full.yaml's bestPath and maxPaths, a route-reflector CLUSTER_ID and a router id of one of the warm-up's peers.
        var settings = new RibEngineSettings(64512, RouterId.Parse("192.0.2.4"))
        {
            ClusterId = RouterId.Parse("10.0.0.100"),
            DefaultLocalPref = 150,
            Decision = DecisionOptions.Default with
            {
                MaxPaths = 4, AlwaysCompareMed = true, DeterministicMed = false, MissingMedAsWorst = true, PreferOldestExternal = true,
                MultipathRelax = true, DefaultLocalPref = 150,
            },
        };

        var result = await UpdatePathWarmup.RunAsync(settings, new RibLoopOptions { MaxBatch = 1, OutputBudget = 65_535 }, TimeProvider.System,
            CancellationToken.None);

        Assert.True(result.Complete, string.Join("; ", result.Problems));
    }
}

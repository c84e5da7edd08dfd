namespace Bgp.Rib.Tests;

/// <summary>Runs <see cref="MemoryPerPathTests"/> with no other test class in parallel.</summary>
[CollectionDefinition(MemoryPerPathTests.Alone, DisableParallelization = true)]
public sealed class MemoryAloneCollection;

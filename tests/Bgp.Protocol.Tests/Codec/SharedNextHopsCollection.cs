namespace Bgp.Protocol.Tests.Codec;

/// <summary>
/// Tests that two decodes share one next hop instance (DecodedAddresses): the table is process-wide, so a test class
/// decoding other next hops in parallel can take the slot between the two decodes and the second gets a new
/// instance. They run alone (a decoder thread running beside the pattern broke it once in 20,000 pairs here).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SharedNextHopsCollection
{
    public const string Name = "shared decoded next hops";
}

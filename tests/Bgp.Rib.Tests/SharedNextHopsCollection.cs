namespace Bgp.Rib.Tests;

/// <summary>
/// Tests that sets decoded one after the other share the decoder's next hop instance (DecodedAddresses in
/// Bgp.Protocol): its table is process-wide, so a test class decoding UPDATEs in parallel (the engine tests drain and
/// decode what peers are sent) can take the slot between the two decodes, and the second set is then a copy.
/// They run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SharedNextHopsCollection
{
    public const string Name = "shared decoded next hops";
}

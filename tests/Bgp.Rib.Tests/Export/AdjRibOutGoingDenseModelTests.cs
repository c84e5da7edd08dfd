namespace Bgp.Rib.Tests.Export;

/// <summary>
/// The model over a Loc-RIB with each family starting sparse: routes pend in the map until the family goes
/// dense (while some are pending or being written), then by destination index, with both kinds mixed.
/// </summary>
public sealed class AdjRibOutGoingDenseModelTests : AdjRibOutOverLocRibModelTests
{
    protected override bool DenseFromStart => false;
}

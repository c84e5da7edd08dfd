using Bgp.Rib.Export;

namespace Bgp.Rib.Engine;

/// <summary>
/// Groupable peers of one <see cref="UpdateGroupKey"/> sharing one <see cref="Export.AdjRibOut"/> (RibEngine.Groups.cs).
/// The first member exports for all (their exporters and policies are equal by the key); every member has been
/// given every octet the shared Adj-RIB-Out wrote since it joined.
/// </summary>
internal sealed class UpdateGroup(UpdateGroupKey key, AdjRibOut adjRibOut)
{
    public UpdateGroupKey Key { get; } = key;
    public AdjRibOut AdjRibOut { get; } = adjRibOut;
    public List<EnginePeer> Members { get; } = [];
}

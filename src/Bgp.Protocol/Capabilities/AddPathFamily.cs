namespace Bgp.Protocol.Capabilities;

/// <summary>Per-family entry of the ADD-PATH capability.</summary>
public readonly record struct AddPathFamily(AfiSafi Family, AddPathDirection Direction);

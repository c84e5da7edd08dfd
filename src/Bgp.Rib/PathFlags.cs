namespace Bgp.Rib;

/// <summary>Where a path stands after the last decision for its destination.</summary>
[Flags]
internal enum PathFlags : byte
{
    None = 0,
    Best = 1,
    Multipath = 2,
}

namespace Bgp.Rib.Policy;

/// <summary>A set of prefix lengths 0..128 as 129 bits: the union of the ranges a prefix list holds for one prefix.</summary>
internal readonly record struct LengthMask(UInt128 Low, bool Has128)
{
    public static LengthMask Of(int min, int max)
    {
        UInt128 bits = 0;
        for (int i = min; i <= max && i < 128; i++) bits |= UInt128.One << i;
        return new LengthMask(bits, max == 128);
    }

    public LengthMask Union(LengthMask other) => new(Low | other.Low, Has128 || other.Has128);

    public bool Contains(int length) => length == 128 ? Has128 : ((Low >> length) & UInt128.One) != 0;
}

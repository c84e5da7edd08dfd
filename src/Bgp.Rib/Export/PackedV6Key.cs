using Bgp.Protocol;

namespace Bgp.Rib.Export;

/// <summary>
/// An IPv6 route of at most /64 with a path id below 2^24 (every route without ADD-PATH, RFC 7911, and
/// nearly every IPv6 route in a full table: they are /48 or shorter) in 16 octets: the top 64 address bits
/// (the rest are host bits, zero), and the path id above the length. An <see cref="Nlri"/> is 32 octets.
/// </summary>
internal readonly struct PackedV6Key : IPackedKey<PackedV6Key>
{
    private const ulong FreeMarker = 0xFF;

    private PackedV6Key(ulong high, ulong tag)
    {
        High = high;
        Tag = tag;
    }

    /// <summary>The top 64 bits of the address.</summary>
    public ulong High { get; }

    /// <summary>Path id (24 bits) above the length (8 bits).</summary>
    public ulong Tag { get; }

    public uint Fingerprint => IPackedKey<PackedV6Key>.Mix(High ^ (Tag * 0xC2B2AE3D27D4EB4FUL));

    public bool IsFree => (Tag & 0xFF) == FreeMarker;

    public int NextFree => (int)High;

    public static bool TryPack(in Nlri nlri, out PackedV6Key key)
    {
        var prefix = nlri.Prefix;
        if (!prefix.IsIpv6 || prefix.Length > 64 || nlri.PathId > CompactNlri.MaxPathId)
        {
            key = default;
            return false;
        }
        key = new PackedV6Key(prefix.High, ((ulong)nlri.PathId << 8) | (uint)prefix.Length);
        return true;
    }

    public static PackedV6Key FreeLink(int next) => new((ulong)(uint)next, FreeMarker);

    public Nlri ToNlri() => new(Prefix.V6(High, 0, (int)(Tag & 0xFF)), (uint)(Tag >> 8));

    public bool Equals(PackedV6Key other) => High == other.High && Tag == other.Tag;

    public override bool Equals(object? obj) => obj is PackedV6Key other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(High, Tag);
}

using Bgp.Protocol;

namespace Bgp.Rib.Export;

/// <summary>An IPv4 route packed by <see cref="CompactNlri.TryPack"/>: address, 24-bit path id, length.</summary>
internal readonly struct PackedV4Key(ulong value) : IPackedKey<PackedV4Key>
{
    private const ulong FreeMarker = 0xFF;

    public ulong Value { get; } = value;

    public uint Fingerprint => IPackedKey<PackedV4Key>.Mix(Value);

    public bool IsFree => (Value & 0xFF) == FreeMarker;

    public int NextFree => (int)(Value >> 32);

    public static PackedV4Key FreeLink(int next) => new(((ulong)(uint)next << 32) | FreeMarker);

    public Nlri ToNlri() => CompactNlri.Unpack(Value);

    public bool Equals(PackedV4Key other) => Value == other.Value;

    public override bool Equals(object? obj) => obj is PackedV4Key other && Equals(other);

    public override int GetHashCode() => Value.GetHashCode();
}

using Bgp.Protocol;

namespace Bgp.Rib.Export;

/// <summary>
/// A route key packed into one or two words for <see cref="PackedMap{TKey, T}"/>. The low octet of every
/// packed key is the prefix length (at most 64), so 0xFF there can never be a route: a freed entry carries
/// that marker and the free-list link in its key, instead of a separate link field that would cost 8 octets
/// per entry after padding (the entries are 16 octets for a packed IPv4 key and a reference).
/// </summary>
internal interface IPackedKey<TSelf> : IEquatable<TSelf> where TSelf : struct, IPackedKey<TSelf>
{
    /// <summary>32 well-mixed bits; the top ones pick the home bucket, all of them are compared before the key is.</summary>
    uint Fingerprint { get; }

    /// <summary>True for the marker of a freed entry (<see cref="FreeLink"/>).</summary>
    bool IsFree { get; }

    /// <summary>The next freed entry's index (-1 for none) when <see cref="IsFree"/>.</summary>
    int NextFree { get; }

    Nlri ToNlri();

    /// <summary>The marker of a freed entry linking to the freed entry <paramref name="next"/> (-1 for none).</summary>
    static abstract TSelf FreeLink(int next);

    /// <summary>SplitMix-style finaliser of a 64-bit word (as the Loc-RIB's index): its upper half is the fingerprint.</summary>
    static uint Mix(ulong x)
    {
        x *= 0x9E3779B97F4A7C15UL;
        x ^= x >> 29;
        x *= 0xBF58476D1CE4E5B9UL;
        return (uint)(x >> 32);
    }
}

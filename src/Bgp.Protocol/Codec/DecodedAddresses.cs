using System.Buffers.Binary;
using System.Net;

namespace Bgp.Protocol.Codec;

/// <summary>
/// The next hop addresses the decoder made last, so that UPDATEs through the same next hop (a full table from one
/// peer: hundreds of thousands) share one <see cref="IPAddress"/> instead of each making its own. The RIB's interner
/// keeps the first instance of every next hop and makes each new set use it (AttributeInterner), copying the set
/// when its NEXT_HOP is an equal but different instance: with the decoder's instance shared, that copy, its second
/// hash and the address itself (40 bytes per UPDATE) are gone.
/// <para>
/// One table for the process, direct-mapped by the address's value, 64 entries per family. Not per thread: session
/// reads continue on whichever pool thread is free, and an instance per thread would not be the interner's. Readers
/// race writers harmlessly: an entry is an immutable object, so a slot holds either the old pair or the new one.
/// An <see cref="IPAddress"/> handed out here is shared, so nothing may change it (its setters are obsolete or, for
/// ScopeId, never used on a next hop).
/// </para>
/// </summary>
internal static class DecodedAddresses
{
    private const int Entries = 64;

    private static readonly V4Entry?[] s_v4 = new V4Entry?[Entries];
    private static readonly V6Entry?[] s_v6 = new V6Entry?[Entries];

    /// <summary>The IPv4 address of the 4 octets <paramref name="bytes"/>, an instance made earlier when it can.</summary>
    public static IPAddress V4(ReadOnlySpan<byte> bytes)
    {
        uint value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        int slot = (int)((value * 0x9E3779B1u) >> 26);
        if (Volatile.Read(ref s_v4[slot]) is { } known && known.Value == value) return known.Address;
        var made = new IPAddress(bytes);
        Volatile.Write(ref s_v4[slot], new V4Entry(value, made));
        return made;
    }

    /// <summary>The IPv6 address of the 16 octets <paramref name="bytes"/>, an instance made earlier when it can.</summary>
    public static IPAddress V6(ReadOnlySpan<byte> bytes)
    {
        ulong high = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        ulong low = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        int slot = (int)(((high ^ low) * 0x9E3779B97F4A7C15UL) >> 58);
        if (Volatile.Read(ref s_v6[slot]) is { } known && known.High == high && known.Low == low) return known.Address;
        var made = new IPAddress(bytes);
        Volatile.Write(ref s_v6[slot], new V6Entry(high, low, made));
        return made;
    }

    private sealed record V4Entry(uint Value, IPAddress Address);

    private sealed record V6Entry(ulong High, ulong Low, IPAddress Address);
}

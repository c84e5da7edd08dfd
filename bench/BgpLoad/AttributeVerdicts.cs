using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Bgp.Load;

/// <summary>What the receiver needs from one UPDATE's attributes, as <see cref="Bgp.Protocol.Codec.BgpDecoder"/>
/// found it: treat-as-withdraw, the AS path's padding (<see cref="PathVariants.IsPadded"/>) and the flap
/// sequence number of the large communities (<see cref="Flaps.SeqTag"/>, -1 when none).</summary>
public readonly record struct AttributeVerdict(bool Withdraw, bool Padded, long Seq);

/// <summary>
/// Verdicts by attribute key (<see cref="UpdateWalker"/>), shared by every session of the process: the 50
/// clients of workload 3 receive the same attribute sets, so each is decoded once, not once per session
/// and message. The key holds every attribute octet the decoder's verdict depends on, so a hit is exact.
/// </summary>
public static class AttributeVerdicts
{
    // Sized for workload 2 (four tables of 75,071 sets each) so the map does not regrow mid-run (GrowTable was 4 %
    // of the receiver's samples there).
    private static readonly ConcurrentDictionary<byte[], AttributeVerdict> Map = new(Environment.ProcessorCount, 1 << 19, KeyComparer.Instance);
    private static readonly ConcurrentDictionary<byte[], AttributeVerdict>.AlternateLookup<ReadOnlySpan<byte>> Lookup =
        Map.GetAlternateLookup<ReadOnlySpan<byte>>();

    public static int Count => Map.Count;

    public static bool TryGet(ReadOnlySpan<byte> key, out AttributeVerdict verdict) => Lookup.TryGetValue(key, out verdict);

    public static void Set(ReadOnlySpan<byte> key, AttributeVerdict verdict) => Map[key.ToArray()] = verdict;

    private sealed class KeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);
        public int GetHashCode([DisallowNull] byte[] obj) => Hash(obj);
        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);
        public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);
        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

        private static int Hash(ReadOnlySpan<byte> bytes)
        {
            var h = new HashCode();
            h.AddBytes(bytes);
            return h.ToHashCode();
        }
    }
}

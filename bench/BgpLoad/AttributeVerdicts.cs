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
/// The keys are also logged in the order they were first decoded: a session sent the same stream as the one
/// that decoded them (an update group's members) finds its next key by one comparison with the next one in the
/// log (its cursor) instead of hashing it into the map (15 % of the receiver's samples in workload 3); a key
/// out of that order is looked up in the map, and the session reads on from its place in the log.
/// </summary>
public static class AttributeVerdicts
{
    private readonly record struct Entry(AttributeVerdict Verdict, int Place);

    // Sized for workload 2 (four tables of 75,071 sets each) so the map does not regrow mid-run (GrowTable was 4 %
    // of the receiver's samples there).
    private static readonly ConcurrentDictionary<byte[], Entry> Map = new(Environment.ProcessorCount, 1 << 19, KeyComparer.Instance);
    private static readonly ConcurrentDictionary<byte[], Entry>.AlternateLookup<ReadOnlySpan<byte>> Lookup =
        Map.GetAlternateLookup<ReadOnlySpan<byte>>();
    private static readonly Lock Gate = new();
    private static byte[][] _logKeys = new byte[1 << 16][];
    private static AttributeVerdict[] _logVerdicts = new AttributeVerdict[1 << 16];
    private static int _logged;

    public static int Count => Map.Count;

    /// <summary>The verdict for <paramref name="key"/>, trying the log at <paramref name="cursor"/> first; the cursor moves past the key's place.</summary>
    public static bool TryGet(ReadOnlySpan<byte> key, ref int cursor, out AttributeVerdict verdict)
    {
        int at = cursor;
        var keys = Volatile.Read(ref _logKeys);
        var verdicts = Volatile.Read(ref _logVerdicts);
        // A log replaced since holds at least what this one does; entries below the count are complete.
        if ((uint)at < (uint)Volatile.Read(ref _logged) && (uint)at < (uint)keys.Length && (uint)at < (uint)verdicts.Length
            && keys[at] is { } logged && key.SequenceEqual(logged))
        {
            verdict = verdicts[at];
            cursor = at + 1;
            return true;
        }
        if (Lookup.TryGetValue(key, out var entry))
        {
            verdict = entry.Verdict;
            cursor = entry.Place + 1;
            return true;
        }
        verdict = default;
        return false;
    }

    public static void Set(ReadOnlySpan<byte> key, AttributeVerdict verdict)
    {
        lock (Gate)
        {
            if (Lookup.ContainsKey(key)) return;
            int place = _logged;
            if (place == _logKeys.Length || place == _logVerdicts.Length)
            {
                var keys = _logKeys;
                var verdicts = _logVerdicts;
                Array.Resize(ref keys, place * 2);
                Array.Resize(ref verdicts, place * 2);
                // The verdicts first: a reader that sees the new keys array may see the old verdicts, which hold every logged entry too.
                Volatile.Write(ref _logVerdicts, verdicts);
                Volatile.Write(ref _logKeys, keys);
            }
            byte[] copy = key.ToArray();
            _logKeys[place] = copy;
            _logVerdicts[place] = verdict;
            Map[copy] = new Entry(verdict, place);
            Volatile.Write(ref _logged, place + 1);
        }
    }

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

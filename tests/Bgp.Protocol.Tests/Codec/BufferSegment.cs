using System.Buffers;

namespace Bgp.Protocol.Tests.Codec;

/// <summary>A segment of a hand-built <see cref="ReadOnlySequence{T}"/>, as a pipe hands over bytes that arrived in pieces.</summary>
internal sealed class BufferSegment : ReadOnlySequenceSegment<byte>
{
    private BufferSegment(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    /// <summary>A sequence of one segment per part, in order.</summary>
    public static ReadOnlySequence<byte> Sequence(IReadOnlyList<byte[]> parts)
    {
        if (parts.Count == 0) return ReadOnlySequence<byte>.Empty;
        var first = new BufferSegment(parts[0], 0);
        var last = first;
        for (int i = 1; i < parts.Count; i++)
        {
            var next = new BufferSegment(parts[i], last.RunningIndex + last.Memory.Length);
            last.Next = next;
            last = next;
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Cuts <paramref name="bytes"/> at the given offsets (sorted, distinct, inside) into that many + 1 segments.</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, IEnumerable<int> cuts)
    {
        var parts = new List<byte[]>();
        int from = 0;
        foreach (int c in cuts)
        {
            parts.Add(bytes[from..c]);
            from = c;
        }
        parts.Add(bytes[from..]);
        return Sequence(parts);
    }
}

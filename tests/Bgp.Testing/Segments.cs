using System.Buffers;

namespace Bgp.Testing;

/// <summary>
/// Builds a multi-segment <see cref="ReadOnlySequence{T}"/> from separate arrays, the shape a pipe hands
/// to a framer when a message arrives in several TCP reads.
/// </summary>
public static class Segments
{
    public static ReadOnlySequence<byte> Of(IReadOnlyList<byte[]> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        if (chunks.Count == 0) return ReadOnlySequence<byte>.Empty;
        var first = new Segment(chunks[0], 0);
        var last = first;
        for (int i = 1; i < chunks.Count; i++) last = last.Append(chunks[i]);
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>The bytes cut into pieces of <paramref name="size"/> octets (the last may be shorter).</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, int size)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var chunks = new List<byte[]>();
        for (int i = 0; i < bytes.Length; i += size) chunks.Add(bytes[i..Math.Min(bytes.Length, i + size)]);
        return Of(chunks);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}

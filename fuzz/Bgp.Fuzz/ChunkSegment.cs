using System.Buffers;

namespace Bgp.Fuzz;

/// <summary>
/// One segment of a multi-segment <see cref="ReadOnlySequence{T}"/>, so that the fuzzer also drives the
/// code paths a pipe takes when a message straddles two of its buffers.
/// </summary>
public sealed class ChunkSegment : ReadOnlySequenceSegment<byte>
{
    public ChunkSegment(ReadOnlyMemory<byte> memory) => Memory = memory;

    public ChunkSegment Append(ReadOnlyMemory<byte> memory)
    {
        var next = new ChunkSegment(memory) { RunningIndex = RunningIndex + Memory.Length };
        Next = next;
        return next;
    }

    /// <summary>Cuts <paramref name="data"/> into pieces of at most <paramref name="chunk"/> octets (at least one piece).</summary>
    public static ReadOnlySequence<byte> Split(ReadOnlyMemory<byte> data, int chunk)
    {
        if (data.Length <= chunk) return new ReadOnlySequence<byte>(data);
        var first = new ChunkSegment(data[..chunk]);
        var last = first;
        for (int at = chunk; at < data.Length; at += chunk)
            last = last.Append(data[at..Math.Min(data.Length, at + chunk)]);
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}

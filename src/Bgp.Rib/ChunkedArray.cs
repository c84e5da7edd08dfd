using System.Runtime.CompilerServices;

namespace Bgp.Rib;

/// <summary>
/// A growable array of structs kept in fixed-size chunks behind a small directory: element i is
/// chunk[i >> <see cref="Shift"/>][i &amp; mask], reached through a <c>ref</c> return so that callers update
/// slots in place. Growing adds a chunk and copies nothing, where <c>Array.Resize</c> of one big array copied
/// every element into a new large-object-heap array while the old one was still alive (the peak of a
/// full-table load was old + new + 50 % slack; issue #7 measured 170 MB of a 470 MB load in those copies).
/// <para>
/// 8192 elements per chunk: a 28-byte path slot or a 32-byte destination slot makes a 224 or 256 KiB chunk,
/// so slack is at most 256 KiB per store, the directory of 5M paths is about 630 references, and the chunks
/// are allocated on the large-object heap where the GC never copies them (a chunk lives as long as the table, so gen0/gen1
/// promotion copies of small chunks would be pure waste). Only the first chunk starts small (16) and
/// doubles up to the chunk size, so that an almost empty table (the IPv6 family, tests) costs little; that
/// copying is bounded by one chunk.
/// </para>
/// A mutable struct held in a field of its owner: never copy it.
/// </summary>
internal struct ChunkedArray<T>
{
    public const int Shift = 13;
    public const int ChunkLength = 1 << Shift;
    private const int Mask = ChunkLength - 1;
    private const int FirstLength = 16;

    private T[][]? _chunks;
    private int _chunkCount;

    /// <summary>Elements addressable now; indices below it are valid.</summary>
    public int Capacity { readonly get; private set; }

    /// <summary>Chunks allocated (the directory entries in use).</summary>
    public readonly int ChunkCount => _chunkCount;

    public readonly ref T this[int index]
    {
        // Two bounds checks stay on purpose: a corrupt index must throw, not scribble over the table.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _chunks![index >> Shift][index & Mask];
    }

    /// <summary>Makes room for at least one more element (index <see cref="Capacity"/> becomes valid).</summary>
    public void Grow()
    {
        if (_chunks is null)
        {
            _chunks = new T[4][];
            _chunks[0] = new T[FirstLength];
            _chunkCount = 1;
            Capacity = FirstLength;
        }
        else if (Capacity < ChunkLength)
        {
            // Only the first chunk is ever resized, and only until it reaches full size.
            Array.Resize(ref _chunks[0], Capacity * 2);
            Capacity *= 2;
        }
        else
        {
            if (_chunkCount == _chunks.Length) Array.Resize(ref _chunks, _chunkCount * 2);
            _chunks[_chunkCount++] = new T[ChunkLength];
            Capacity += ChunkLength;
        }
    }
}

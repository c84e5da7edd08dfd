using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Bgp.Rib;

/// <summary>
/// A growable array of structs kept in fixed-size chunks behind a small directory: element i is
/// chunk[i >> <see cref="Shift"/>][i &amp; mask], reached through a <c>ref</c> return so that callers update
/// slots in place. Growing adds a chunk and copies nothing, where <c>Array.Resize</c> of one big array copied
/// every element into a new large-object-heap array while the old one was still alive (the peak of a
/// full-table load was old + new + 50 % slack; issue #7 measured 170 MB of a 470 MB load in those copies).
/// <para>
/// 8192 elements per chunk: a 24-byte path slot or a 32-byte destination slot makes a 192 or 256 KiB chunk,
/// so slack is at most 256 KiB per store, the directory of 5M paths is about 630 references, and the chunks
/// are allocated on the large-object heap where the GC never copies them (a chunk lives as long as the table, so gen0/gen1
/// promotion copies of small chunks would be pure waste). Only the first chunk starts small (16) and
/// doubles up to the chunk size, so that an almost empty table (the IPv6 family, tests) costs little; that
/// copying is bounded by one chunk.
/// </para>
/// <para>
/// A struct without references (the Loc-RIB's path and destination slots, holds, arrival sequences) keeps
/// its chunks in native memory from the <see cref="HugePageArena"/>, 2 MiB-aligned and advised as huge pages:
/// on this VM a fresh 4 KiB page costs 13.5 us to fault in and a full table touches tens of thousands of them
/// (see HugePageArena). The first chunk stays a managed array while it doubles and moves to native memory
/// when it reaches full size (a copy of at most half a chunk), so a small table costs no native memory at all.
/// A <see cref="NativeChunks"/> object owns the native chunks and gives them back when the array's owner
/// becomes garbage, or at once through <see cref="Release"/>. Native memory cannot be allowed to be written out
/// of bounds, so the indexer checks the index against <see cref="Capacity"/> (one compare; the chunk and the
/// offset in it are then in range by construction). Arrays of references stay on the managed heap as before.
/// </para>
/// A mutable struct held in a field of its owner: never copy it.
/// </summary>
internal struct ChunkedArray<T>
{
    public const int Shift = 13;
    public const int ChunkLength = 1 << Shift;
    private const int Mask = ChunkLength - 1;
    private const int FirstLength = 16;

    /// <summary>The managed chunks; null once the chunks are native.</summary>
    private T[][]? _chunks;
    /// <summary>The native chunks' addresses (<see cref="NativeChunks.Directory"/>, read here without the extra hop); null while managed.</summary>
    private nint[]? _directory;
    private NativeChunks? _native;
    private int _chunkCount;

    /// <summary>Elements addressable now; indices below it are valid.</summary>
    public int Capacity { readonly get; private set; }

    /// <summary>Chunks allocated (the directory entries in use).</summary>
    public readonly int ChunkCount => _chunkCount;

    /// <summary>Whether the chunks are in native memory (for tests).</summary>
    internal readonly bool IsNative => _directory is not null;

    /// <summary>Whether an array of <typeparamref name="T"/> takes its full-size chunks from the arena (a JIT-time constant).</summary>
    private static bool UsesNative => !RuntimeHelpers.IsReferenceOrContainsReferences<T>();

    private static int ChunkBytes => ChunkLength * Unsafe.SizeOf<T>();

    public readonly unsafe ref T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if (UsesNative)
            {
                var directory = _directory;
                if (directory is not null)
                {
                    // In native mode Capacity is exactly _chunkCount chunks and the directory holds at least as many
                    // entries, so this one check keeps both the chunk and the offset in range.
                    if ((uint)index >= (uint)Capacity) ThrowOutOfRange(index);
                    nint chunk = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(directory), index >> Shift);
                    return ref Unsafe.Add(ref Unsafe.AsRef<T>((void*)chunk), index & Mask);
                }
            }
            // Two bounds checks stay on purpose: a corrupt index must throw, not scribble over the table.
            return ref _chunks![index >> Shift][index & Mask];
        }
    }

    /// <summary>Makes room for at least one more element (index <see cref="Capacity"/> becomes valid).</summary>
    public void Grow()
    {
        if (_directory is not null)
        {
            _native!.Add();
            _directory = _native.Directory;
            _chunkCount++;
            Capacity += ChunkLength;
        }
        else if (_chunks is null)
        {
            _chunks = new T[4][];
            _chunks[0] = new T[FirstLength];
            _chunkCount = 1;
            Capacity = FirstLength;
        }
        else if (Capacity < ChunkLength)
        {
            if (UsesNative && Capacity * 2 == ChunkLength) MoveToNative();
            else
            {
                // Only the first chunk is ever resized, and only until it reaches full size.
                Array.Resize(ref _chunks[0], Capacity * 2);
                Capacity *= 2;
            }
        }
        else
        {
            if (_chunkCount == _chunks.Length) Array.Resize(ref _chunks, _chunkCount * 2);
            _chunks[_chunkCount++] = new T[ChunkLength];
            Capacity += ChunkLength;
        }
    }

    /// <summary>
    /// Keeps only the first <paramref name="chunks"/> (at least one) full-size chunks, for an owner whose elements
    /// from there on are all unused (the export interner's handle table after a burst of sets left). Managed
    /// chunks only: the dropped ones go to the GC.
    /// </summary>
    public void DropChunksFrom(int chunks)
    {
        if (_directory is not null || Capacity < ChunkLength) throw new InvalidOperationException("only full-size managed chunks are dropped");
        chunks = Math.Max(chunks, 1);
        if (chunks >= _chunkCount) return;
        Array.Clear(_chunks!, chunks, _chunkCount - chunks);
        _chunkCount = chunks;
        Capacity = chunks * ChunkLength;
    }

    /// <summary>
    /// Gives the native chunks back now (managed ones to the GC) and leaves the array empty. The caller must hold
    /// no ref into it and must not use a copy of it afterwards.
    /// </summary>
    public void Release()
    {
        _native?.Free();
        this = default;
    }

    /// <summary>The first chunk reaches full size: it becomes the first native chunk, and so do all later ones.</summary>
    private unsafe void MoveToNative()
    {
        var native = new NativeChunks(HugePageArena.Shared, ChunkBytes);
        nint first = native.Add();
        _chunks![0].AsSpan(0, Capacity).CopyTo(new Span<T>((void*)first, ChunkLength));
        _native = native;
        _directory = native.Directory;
        _chunks = null;
        _chunkCount = 1;
        Capacity = ChunkLength;
    }

    [DoesNotReturn]
    private static void ThrowOutOfRange(int index) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, "outside the chunked array");
}

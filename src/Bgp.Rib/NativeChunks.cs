namespace Bgp.Rib;

/// <summary>
/// The owner of a <see cref="ChunkedArray{T}"/>'s native chunks. The array is a mutable struct in a field of
/// its owner (a LocRib), so it cannot have a finalizer; this object can: when the LocRib becomes garbage (tests
/// make thousands), so does this, and the finalizer gives the chunks back to the arena. <see cref="Free"/>
/// gives them back at once, for owners that know when they are done.
/// <para>
/// The directory of chunk addresses is shared with the array, which reads it without going through this
/// object. The finalizer runs only once nothing refers to this object, but a method of the LocRib may still be
/// writing through an address it read just before its last use of the LocRib; so the first finalization
/// only re-registers, and the chunks go back after the next collection finds the object unreachable again.
/// </para>
/// </summary>
internal sealed unsafe class NativeChunks
{
    private readonly HugePageArena _arena;
    private readonly int _chunkBytes;
    private bool _finalizedOnce;

    public NativeChunks(HugePageArena arena, int chunkBytes)
    {
        _arena = arena;
        _chunkBytes = chunkBytes;
    }

    ~NativeChunks()
    {
        if (!_finalizedOnce)
        {
            _finalizedOnce = true;
            GC.ReRegisterForFinalize(this);
            return;
        }
        Release();
    }

    /// <summary>Chunk addresses; entries from <see cref="Count"/> on are unused. Replaced when it grows.</summary>
    public nint[] Directory { get; private set; } = new nint[4];

    public int Count { get; private set; }

    /// <summary>Adds a zeroed chunk and returns its address.</summary>
    public nint Add()
    {
        if (Count < 0) throw new InvalidOperationException("the chunks were freed");
        if (Count == Directory.Length)
        {
            var grown = new nint[Count * 2];
            Directory.AsSpan().CopyTo(grown);
            Directory = grown;
        }
        nint chunk = (nint)_arena.Allocate(_chunkBytes);
        Directory[Count++] = chunk;
        return chunk;
    }

    /// <summary>Gives the memory back now (idempotent); nothing may read or write it afterwards.</summary>
    public void Free() => Release();

    private void Release()
    {
        if (Count < 0) return;
        for (int i = 0; i < Count; i++)
        {
            _arena.Free((void*)Directory[i], _chunkBytes);
            Directory[i] = 0;
        }
        Count = -1;
    }
}

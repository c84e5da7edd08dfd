namespace Bgp.Rib;

/// <summary>
/// One zeroed array of <typeparamref name="T"/> in the <see cref="HugePageArena"/> (the Loc-RIB's prefix index:
/// 16 MiB of buckets in a full table), given back by <see cref="Free"/> or, when its owner becomes garbage,
/// by the finalizer (after a second collection, for the reason <see cref="NativeChunks"/> gives). Access goes
/// through <see cref="Span"/>, so every index is bounds-checked; a freed buffer has an empty span.
/// </summary>
internal sealed unsafe class NativeBuffer<T>
    where T : unmanaged
{
    private readonly HugePageArena _arena;
    private T* _pointer;
    private bool _finalizedOnce;

    public NativeBuffer(HugePageArena arena, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        _arena = arena;
        _pointer = (T*)arena.Allocate(checked(length * sizeof(T)));
        Length = length;
    }

    ~NativeBuffer()
    {
        if (!_finalizedOnce)
        {
            _finalizedOnce = true;
            GC.ReRegisterForFinalize(this);
            return;
        }
        Release();
    }

    public int Length { get; private set; }

    public Span<T> Span => new(_pointer, Length);

    /// <summary>Gives the memory back now (idempotent); nothing may read or write it afterwards.</summary>
    public void Free() => Release();

    private void Release()
    {
        if (_pointer is null) return;
        _arena.Free(_pointer, Length * sizeof(T));
        _pointer = null;
        Length = 0;
    }
}

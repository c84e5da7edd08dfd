using System.Runtime.InteropServices;

namespace Bgp.Rib;

/// <summary>
/// Native memory for the Loc-RIB's large value-type stores, in 2 MiB-aligned anonymous mappings advised as
/// transparent huge pages (madvise MADV_HUGEPAGE; the system setting is usually "madvise", so nothing gets huge
/// pages unless it asks) or against them, as <see cref="Mode"/> says: by default each mapping gets the size whose
/// first touches have cost less in this process (<see cref="PageSizeChooser"/>), since on the same VM type that has
/// been huge pages by 40x one day and 4 KiB pages by 4-6x on others.
/// <para>
/// Why native memory (as measured when the arena was built): on a VM a fresh 4 KiB page fault was expensive
/// (13.5 us on the bench machine, against 0.3 us per 4 KiB when the same memory faulted in as 2 MiB pages), and
/// a full-table ingest touches about 37,000 new
/// pages, nearly all of them the Loc-RIB's slots and prefix index (15-25 % of the run in the fault path). The
/// GC heap cannot be given huge pages from outside: it commits in pieces that are not 2 MiB-aligned (an
/// madvise on its reservation made 24 MB huge and saved no time). So the stores take their chunks from here.
/// </para>
/// <para>
/// Three kinds of request, told apart by size alone, so that <see cref="Free"/> needs only the pointer and
/// the size the caller asked for: below <see cref="SmallLimit"/> (a small table's prefix index) plain
/// <c>NativeMemory.AllocZeroed</c>, where a huge page would be waste; up to <see cref="PoolLimit"/> (the
/// chunked stores' 32-256 KiB chunks) a chunk of a 2 MiB block holding chunks of that one size, with a free
/// list per size, the block unmapped once all its chunks are free; above (a large prefix index, 2-64 MiB)
/// a mapping of its own, rounded up to 2 MiB. Every chunk handed out is zeroed, as a new managed array is.
/// Where mmap is unavailable (not Linux) or fails, the regions come from <c>NativeMemory.AlignedAlloc</c>.
/// </para>
/// Thread-safe (one lock): the RIB's single writer allocates, but owners' finalizers free on the finalizer
/// thread, and tests build RIBs in parallel. A lock per 32-256 KiB chunk costs nothing measurable.
/// </summary>
public sealed unsafe partial class HugePageArena
{
    /// <summary>The huge page size, and the size and alignment of a pooled block.</summary>
    public const int BlockSize = 2 << 20;
    /// <summary>Requests below this many bytes are plain heap allocations.</summary>
    public const int SmallLimit = 16 << 10;
    /// <summary>Requests up to this many bytes are chunks of pooled blocks; larger ones get their own mapping.</summary>
    public const int PoolLimit = BlockSize / 2;

    private readonly Lock _gate = new();
    private readonly bool _useMmap;
    private readonly TimeProvider _clock;
    /// <summary>Pooled blocks by base address (a chunk finds its block by masking its address).</summary>
    private readonly Dictionary<nint, Block> _blocks = [];
    /// <summary>Per chunk size, the blocks with at least one free chunk.</summary>
    private readonly Dictionary<int, List<Block>> _partial = [];
    /// <summary>Own mappings of large requests by address: whether the region was mapped (else AlignedAlloc'd).</summary>
    private readonly Dictionary<nint, bool> _large = [];
    // Updated with Interlocked everywhere: small requests count them outside the lock.
    private long _bytesMapped;
    private long _bytesInUse;

    /// <summary>An arena backed by mmap where the platform has it.</summary>
    public HugePageArena()
        : this(useMmap: OperatingSystem.IsLinux())
    {
    }

    /// <summary>
    /// An arena; <paramref name="useMmap"/> false takes every region from the C heap (tests of the fallback).
    /// <paramref name="clock"/> times first touches in <see cref="HugePageMode.Auto"/> (the system's by default): the
    /// RIB reads no clock of its own (DESIGN.md), and a test gives one whose readings it knows.
    /// </summary>
    internal HugePageArena(bool useMmap, TimeProvider? clock = null)
    {
        _useMmap = useMmap;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>The arena of every RIB in the process.</summary>
    public static HugePageArena Shared { get; } = new();

    /// <summary>Bytes held from the operating system (whole blocks and large mappings) and the C heap.</summary>
    public long BytesMapped => Volatile.Read(ref _bytesMapped);

    /// <summary>Bytes handed out and not yet freed (what the stores use; at most <see cref="BytesMapped"/>).</summary>
    public long BytesInUse => Volatile.Read(ref _bytesInUse);

    /// <summary>Pooled blocks held now (for tests).</summary>
    internal int BlockCount
    {
        get
        {
            lock (_gate) return _blocks.Count;
        }
    }

    /// <summary>Whether regions are mmap'd and advised as huge pages (false: the C heap fallback).</summary>
    internal bool MapsHugePages => _useMmap && !_mmapFailed;

    private bool _mmapFailed;
    private volatile HugePageMode _mode = HugePageMode.Auto;
    /// <summary>The page-size choice for <see cref="HugePageMode.Auto"/>; used under <see cref="_gate"/>.</summary>
    private readonly PageSizeChooser _chooser = new();

    /// <summary>
    /// Whether new mappings are advised as huge pages (bgpd's <c>hugePages</c>): <see cref="HugePageMode.Auto"/> (the
    /// default) measures each mapping's first touch and uses the page size that has cost less (see
    /// <see cref="PageSizeChooser"/>); <see cref="HugePageMode.Always"/> and <see cref="HugePageMode.Never"/> fix it.
    /// Regions mapped before a change keep theirs.
    /// </summary>
    public HugePageMode Mode
    {
        get => _mode;
        set => _mode = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "not a HugePageMode");
    }

    /// <summary>What <see cref="HugePageMode.Auto"/> has measured: ns per MiB of a first touch, null where not yet.</summary>
    public (double? HugePages, double? SmallPages) FirstTouchCostPerMiB
    {
        get
        {
            lock (_gate) return (_chooser.HugeCostPerMiB, _chooser.SmallCostPerMiB);
        }
    }

    /// <summary>Mappings advised as huge pages and not, since the arena was made (for tests and /metrics).</summary>
    public (long Huge, long Small) MappingsAdvised => (Volatile.Read(ref _mappedHuge), Volatile.Read(ref _mappedSmall));

    private long _mappedHuge;
    private long _mappedSmall;

    /// <summary>A zeroed region of <paramref name="bytes"/> (positive); give it back with <see cref="Free"/> and the same size.</summary>
    internal void* Allocate(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        if (bytes < SmallLimit)
        {
            void* small = NativeMemory.AllocZeroed((nuint)bytes);
            Interlocked.Add(ref _bytesMapped, bytes);
            Interlocked.Add(ref _bytesInUse, bytes);
            return small;
        }
        lock (_gate)
        {
            void* p = bytes <= PoolLimit ? AllocateChunk(bytes) : AllocateLarge(bytes);
            Interlocked.Add(ref _bytesInUse, bytes);
            return p;
        }
    }

    /// <summary>Gives back a region from <see cref="Allocate"/>; nothing may read or write it afterwards.</summary>
    internal void Free(void* pointer, int bytes)
    {
        if (pointer is null) return;
        if (bytes < SmallLimit)
        {
            NativeMemory.Free(pointer);
            Interlocked.Add(ref _bytesMapped, -bytes);
            Interlocked.Add(ref _bytesInUse, -bytes);
            return;
        }
        lock (_gate)
        {
            if (bytes <= PoolLimit) FreeChunk(pointer, bytes);
            else FreeLarge(pointer, bytes);
            Interlocked.Add(ref _bytesInUse, -bytes);
        }
    }

    private void* AllocateChunk(int bytes)
    {
        if (!_partial.TryGetValue(bytes, out var partial)) _partial[bytes] = partial = [];
        Block block;
        if (partial.Count > 0) block = partial[^1];
        else
        {
            var (address, mapped) = MapRegion(BlockSize, pooled: true);
            block = new Block(address, bytes, mapped);
            _blocks.Add(address, block);
            partial.Add(block);
        }
        nint chunk = block.Take(out bool fresh);
        if (block.IsFull) partial.RemoveAt(partial.Count - 1);
        // A fresh mapping reads as zeros; a chunk given back earlier holds its last owner's data.
        if (!fresh || !block.Mapped) NativeMemory.Clear((void*)chunk, (nuint)bytes);
        return (void*)chunk;
    }

    private void FreeChunk(void* pointer, int bytes)
    {
        nint address = (nint)pointer;
        if (!_blocks.TryGetValue(address & ~(nint)(BlockSize - 1), out var block) || block.ChunkBytes != bytes)
            throw new InvalidOperationException("freed a chunk the arena did not hand out");
        bool wasFull = block.IsFull;
        block.Return(address);
        var partial = _partial[bytes];
        if (block.IsEmpty)
        {
            // The last chunk is back: the whole block goes to the operating system.
            if (!wasFull) partial.Remove(block);
            _blocks.Remove(block.Address);
            UnmapRegion(block.Address, BlockSize, block.Mapped);
        }
        else if (wasFull) partial.Add(block);
    }

    private void* AllocateLarge(int bytes)
    {
        int length = RoundToBlocks(bytes);
        var (address, mapped) = MapRegion(length, pooled: false);
        _large.Add(address, mapped);
        if (!mapped) NativeMemory.Clear((void*)address, (nuint)length);
        return (void*)address;
    }

    private void FreeLarge(void* pointer, int bytes)
    {
        if (!_large.Remove((nint)pointer, out bool mapped)) throw new InvalidOperationException("freed a region the arena did not hand out");
        UnmapRegion((nint)pointer, RoundToBlocks(bytes), mapped);
    }

    private static int RoundToBlocks(int bytes) => (int)(((long)bytes + BlockSize - 1) & ~(long)(BlockSize - 1));

    /// <summary>
    /// A <paramref name="length"/>-byte region (a multiple of 2 MiB) aligned to 2 MiB, and whether it was mmap'd;
    /// <paramref name="pooled"/> for a block of chunks (which may probe the page size not in favour).
    /// </summary>
    private (nint Address, bool Mapped) MapRegion(int length, bool pooled)
    {
        if (_useMmap && !_mmapFailed && TryMapAligned(length, pooled) is var address && address != 0)
        {
            Interlocked.Add(ref _bytesMapped, length);
            return (address, true);
        }
        nint heap = (nint)NativeMemory.AlignedAlloc((nuint)length, BlockSize);
        Interlocked.Add(ref _bytesMapped, length);
        return (heap, false);
    }

    private void UnmapRegion(nint address, int length, bool mapped)
    {
        if (mapped) Unmap(address, length);
        else NativeMemory.AlignedFree((void*)address);
        Interlocked.Add(ref _bytesMapped, -length);
    }
}

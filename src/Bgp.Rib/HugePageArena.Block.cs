namespace Bgp.Rib;

/// <summary>The pooled blocks.</summary>
public sealed partial class HugePageArena
{
    /// <summary>
    /// One 2 MiB block cut into chunks of one size: chunks never handed out are taken in address order (so a
    /// growing store touches the block front to back), returned ones from a stack first.
    /// </summary>
    private sealed class Block(nint address, int chunkBytes, bool mapped)
    {
        private readonly int _capacity = BlockSize / chunkBytes;
        private readonly Stack<nint> _returned = new();
        private int _untouched;
        private int _used;

        public nint Address { get; } = address;

        public int ChunkBytes { get; } = chunkBytes;

        /// <summary>Whether the block is an mmap'd region (else AlignedAlloc'd, and not zero to begin with).</summary>
        public bool Mapped { get; } = mapped;

        public bool IsFull => _used == _capacity;

        public bool IsEmpty => _used == 0;

        /// <summary>A free chunk; <paramref name="fresh"/> when it was never handed out (still as mapped).</summary>
        public nint Take(out bool fresh)
        {
            _used++;
            if (_returned.TryPop(out nint chunk))
            {
                fresh = false;
                return chunk;
            }
            fresh = true;
            return Address + (nint)(_untouched++ * (long)ChunkBytes);
        }

        public void Return(nint chunk)
        {
            long offset = chunk - Address;
            if (offset < 0 || offset % ChunkBytes != 0 || offset / ChunkBytes >= _untouched)
                throw new InvalidOperationException("freed a chunk the block did not hand out");
            _used--;
            _returned.Push(chunk);
        }
    }
}

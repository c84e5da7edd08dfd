using System.Buffers;

namespace Bgp.Daemon.Tests.Transport;

/// <summary>A memory pool that counts the blocks leased and not yet returned (what a pipe holds).</summary>
internal sealed class CountingMemoryPool : MemoryPool<byte>
{
    private int _outstanding;
    private int _rented;

    public override int MaxBufferSize => 1 << 20;

    /// <summary>Blocks leased and not yet returned.</summary>
    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>Blocks leased in all.</summary>
    public int Rented => Volatile.Read(ref _rented);

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        Interlocked.Increment(ref _rented);
        Interlocked.Increment(ref _outstanding);
        return new Lease(this, new byte[minBufferSize <= 0 ? 4096 : Math.Max(minBufferSize, 4096)]);
    }

    protected override void Dispose(bool disposing)
    {
    }

    private sealed class Lease(CountingMemoryPool pool, byte[] array) : IMemoryOwner<byte>
    {
        private int _disposed;

        public Memory<byte> Memory => array;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) Interlocked.Decrement(ref pool._outstanding);
        }
    }
}

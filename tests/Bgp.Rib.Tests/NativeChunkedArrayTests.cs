namespace Bgp.Rib.Tests;

/// <summary>
/// <see cref="ChunkedArray{T}"/> over native chunks: reference-free element types move to the huge-page arena
/// when the first chunk reaches full size, keep every value through that move and later growth, and throw on
/// an index out of range instead of touching memory beyond the chunks; reference types stay managed.
/// </summary>
public sealed class NativeChunkedArrayTests
{
    private const int Length = ChunkedArray<long>.ChunkLength;

    [Fact]
    public void Grow_PastSeveralChunks_NativeAndEveryValueKept()
    {
        var array = new ChunkedArray<long>();
        int n = 4 * Length + 3;
        for (int i = 0; i < n; i++)
        {
            if (i == array.Capacity) array.Grow();
            // Still managed while the first chunk is below full size.
            if (i == Length / 2 - 1) Assert.False(array.IsNative);
            array[i] = i * 31L;
        }

        Assert.True(array.IsNative);
        Assert.Equal(5, array.ChunkCount);
        Assert.Equal(5 * Length, array.Capacity);
        for (int i = 0; i < n; i++) Assert.Equal(i * 31L, array[i]);
        // Never-written slots of a native chunk read as zero, as in a new managed array.
        Assert.Equal(0L, array[n]);
        array.Release();
        Assert.Equal(0, array.Capacity);
    }

    [Fact]
    public void Indexer_OutOfRangeOnNativeChunks_Throws()
    {
        var array = new ChunkedArray<int>();
        while (array.Capacity <= Length) array.Grow();
        Assert.True(array.IsNative);
        int capacity = array.Capacity;
        array[capacity - 1] = 7;

        Assert.Throws<ArgumentOutOfRangeException>(() => array[capacity]);
        Assert.Throws<ArgumentOutOfRangeException>(() => array[-1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => array[int.MaxValue]);
        Assert.Equal(7, array[capacity - 1]);
        array.Release();
    }

    [Fact]
    public void Grow_ReferenceElements_StayManaged()
    {
        var array = new ChunkedArray<string?>();
        while (array.Capacity <= 2 * Length) array.Grow();
        array[2 * Length] = "kept";

        Assert.False(array.IsNative);
        Assert.Equal("kept", array[2 * Length]);
    }
}

namespace Bgp.Rib.Tests;

/// <summary>
/// The huge-page arena on arenas of their own (so the counters are this test's alone): 2 MiB-aligned blocks
/// and large mappings, freed chunks reused and zeroed, a block given back once all its chunks are free, the
/// counters back to zero, and the C heap fallback keeping the same promises.
/// </summary>
public sealed unsafe class HugePageArenaTests
{
    private const int Chunk = 8192 * 28;

    public static TheoryData<bool> Backings => new() { true, false };

    private static HugePageArena Arena(bool mmap) => new(useMmap: mmap && OperatingSystem.IsLinux());

    [Theory]
    [MemberData(nameof(Backings))]
    public void Allocate_ChunksAndLargeRegion_BlocksAre2MiBAligned(bool mmap)
    {
        var arena = Arena(mmap);
        var first = (nint)arena.Allocate(Chunk);
        var second = (nint)arena.Allocate(Chunk);
        var large = (nint)arena.Allocate(3 << 20);

        Assert.Equal(0, first % HugePageArena.BlockSize);
        Assert.Equal(first + Chunk, second);
        Assert.Equal(0, large % HugePageArena.BlockSize);
        // A block for the chunks, two blocks' worth for the 3 MiB region.
        Assert.Equal(3L * HugePageArena.BlockSize, arena.BytesMapped);
        Assert.Equal(2L * Chunk + (3 << 20), arena.BytesInUse);
        Assert.Equal(mmap && OperatingSystem.IsLinux(), arena.MapsHugePages);

        arena.Free((void*)first, Chunk);
        arena.Free((void*)second, Chunk);
        arena.Free((void*)large, 3 << 20);
        Assert.Equal(0, arena.BytesMapped);
        Assert.Equal(0, arena.BytesInUse);
    }

    [Theory]
    [MemberData(nameof(Backings))]
    public void Allocate_AfterFree_ReusesChunkZeroed(bool mmap)
    {
        var arena = Arena(mmap);
        var keep = (long*)arena.Allocate(Chunk);
        var freed = (long*)arena.Allocate(Chunk);
        new Span<long>(freed, Chunk / 8).Fill(-1);
        arena.Free(freed, Chunk);

        var again = (long*)arena.Allocate(Chunk);

        Assert.Equal((nint)freed, (nint)again);
        Assert.Equal(1, arena.BlockCount);
        Assert.True(new Span<long>(again, Chunk / 8).IndexOfAnyExcept(0L) < 0, "a reused chunk must read as zeros");
        arena.Free(keep, Chunk);
        arena.Free(again, Chunk);
    }

    [Theory]
    [MemberData(nameof(Backings))]
    public void Free_LastChunkOfBlock_BlockGivenBackAndCountersZero(bool mmap)
    {
        var arena = Arena(mmap);
        int perBlock = HugePageArena.BlockSize / Chunk;
        var chunks = new nint[perBlock + 1];
        for (int i = 0; i < chunks.Length; i++) chunks[i] = (nint)arena.Allocate(Chunk);
        Assert.Equal(2, arena.BlockCount);
        Assert.Equal(2L * HugePageArena.BlockSize, arena.BytesMapped);

        // The second block holds the last chunk alone.
        arena.Free((void*)chunks[^1], Chunk);
        Assert.Equal(1, arena.BlockCount);
        Assert.Equal(HugePageArena.BlockSize, arena.BytesMapped);

        // A chunk freed from the full block makes room: the next allocation maps nothing.
        arena.Free((void*)chunks[3], Chunk);
        chunks[3] = (nint)arena.Allocate(Chunk);
        Assert.Equal(1, arena.BlockCount);

        for (int i = 0; i < perBlock; i++) arena.Free((void*)chunks[i], Chunk);
        Assert.Equal(0, arena.BlockCount);
        Assert.Equal(0, arena.BytesMapped);
        Assert.Equal(0, arena.BytesInUse);
    }

    [Fact]
    public void Allocate_SmallRequest_ZeroedAndCounted()
    {
        var arena = Arena(mmap: true);
        var p = (ulong*)arena.Allocate(256);
        Assert.True(new Span<ulong>(p, 32).IndexOfAnyExcept(0UL) < 0);
        Assert.Equal(256, arena.BytesInUse);
        arena.Free(p, 256);
        Assert.Equal(0, arena.BytesInUse);
        Assert.Equal(0, arena.BytesMapped);
    }

    [Fact]
    public void Free_PointerNotFromArena_Throws()
    {
        var arena = Arena(mmap: true);
        var p = (byte*)arena.Allocate(Chunk);
        Assert.Throws<InvalidOperationException>(() => arena.Free(p + 8, Chunk));
        Assert.Throws<InvalidOperationException>(() => arena.Free(p, 2 << 20));
        arena.Free(p, Chunk);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Allocate_LargeRegion_AdvisedAsHugePagesOnlyWhenAsked(bool advise)
    {
        var arena = new HugePageArena(useMmap: true) { Mode = advise ? HugePageMode.Always : HugePageMode.Never };
        var large = (nint)arena.Allocate(3 << 20);
        try
        {
            // "hg" in the mapping's VmFlags: MADV_HUGEPAGE was asked for it.
            Assert.Equal(advise, VmFlagsOf(large).Contains("hg"));
        }
        finally
        {
            arena.Free((void*)large, 3 << 20);
        }
    }

    [Theory]
    [InlineData(HugePageMode.Always, "hg", "nh")]
    [InlineData(HugePageMode.Never, "nh", "hg")]
    public void Allocate_FixedMode_AdvisesTheSizeEitherWay(HugePageMode mode, string advised, string notAdvised)
    {
        if (!OperatingSystem.IsLinux()) return;
        // "nh" (MADV_NOHUGEPAGE) for 4 KiB pages: left unadvised, a region still faults in huge pages where the
        // system's THP setting is "always", which is what hugePages: false is for avoiding.
        var arena = new HugePageArena(useMmap: true) { Mode = mode };
        var large = (nint)arena.Allocate(3 << 20);
        try
        {
            var flags = VmFlagsOf(large);
            Assert.Contains(advised, flags);
            Assert.DoesNotContain(notAdvised, flags);
        }
        finally
        {
            arena.Free((void*)large, 3 << 20);
        }
    }

    [Fact]
    public void Allocate_AutoMode_TriesBothSizesThenRecordsWhatEachCost()
    {
        if (!OperatingSystem.IsLinux()) return;
        var arena = new HugePageArena(useMmap: true) { Mode = HugePageMode.Auto };
        var first = (nint)arena.Allocate(3 << 20);
        var second = (nint)arena.Allocate(3 << 20);
        try
        {
            // Nothing measured: huge pages first, then 4 KiB pages; each mapping's first touch is timed.
            Assert.Contains("hg", VmFlagsOf(first));
            Assert.DoesNotContain("hg", VmFlagsOf(second));
            Assert.Contains("nh", VmFlagsOf(second));
            Assert.Equal((1L, 1L), arena.MappingsAdvised);
            var (huge, small) = arena.FirstTouchCostPerMiB;
            Assert.True(huge > 0 && small > 0, $"first touches not measured: {huge} / {small}");
            // The timed touch leaves the memory as the owner expects it: zeros.
            Assert.True(new Span<byte>((void*)first, 3 << 20).IndexOfAnyExcept((byte)0) < 0);
            Assert.True(new Span<byte>((void*)second, 3 << 20).IndexOfAnyExcept((byte)0) < 0);
        }
        finally
        {
            arena.Free((void*)first, 3 << 20);
            arena.Free((void*)second, 3 << 20);
        }
    }

    [Fact]
    public void Allocate_AutoMode_TimesFirstTouchesOnTheGivenClockAndFollowsIt()
    {
        if (!OperatingSystem.IsLinux()) return;
        // The huge mapping's touch reads 10 ms (5 ms per MiB of its 2 MiB page), the 4 KiB one's 0.1 ms (0.8 ms per MiB
        // of its 128 KiB sampled): the next large mapping, which never probes, gets 4 KiB pages.
        var clock = new SteppingClock(10_000_000, 100_000);
        var arena = new HugePageArena(useMmap: true, clock) { Mode = HugePageMode.Auto };
        var regions = new nint[3];
        try
        {
            for (int i = 0; i < regions.Length; i++) regions[i] = (nint)arena.Allocate(3 << 20);
            Assert.Equal((5_000_000.0, 800_000.0), arena.FirstTouchCostPerMiB);
            Assert.Contains("nh", VmFlagsOf(regions[2]));
            Assert.Equal((1L, 2L), arena.MappingsAdvised);
        }
        finally
        {
            foreach (var r in regions)
                if (r != 0) arena.Free((void*)r, 3 << 20);
        }
    }

    /// <summary>A clock in nanoseconds that moves on by the next of its steps between each pair of readings.</summary>
    private sealed class SteppingClock(params long[] steps) : TimeProvider
    {
        private long _now;
        private int _readings;

        public override long TimestampFrequency => 1_000_000_000;

        public override long GetTimestamp()
        {
            int reading = _readings++;
            if (reading % 2 == 1) _now += steps[Math.Min(reading / 2, steps.Length - 1)];
            return _now;
        }
    }

    [Theory]
    [InlineData(HugePageMode.Always)]
    [InlineData(HugePageMode.Never)]
    public void Allocate_FixedMode_NothingMeasured(HugePageMode mode)
    {
        var arena = new HugePageArena(useMmap: OperatingSystem.IsLinux()) { Mode = mode };
        var p = arena.Allocate(3 << 20);
        arena.Free(p, 3 << 20);
        Assert.Equal((null, null), arena.FirstTouchCostPerMiB);
    }

    /// <summary>The VmFlags of the mapping holding <paramref name="address"/>, from /proc/self/smaps.</summary>
    private static string[] VmFlagsOf(nint address)
    {
        bool inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-', StringComparison.Ordinal);
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash && long.TryParse(line.AsSpan(0, dash), System.Globalization.NumberStyles.HexNumber, null, out long start)
                && long.TryParse(line.AsSpan(dash + 1, space - dash - 1), System.Globalization.NumberStyles.HexNumber, null, out long end))
            {
                inside = start <= address && address < end;
                continue;
            }
            if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
                return line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }
        throw new InvalidOperationException($"no mapping holds 0x{address:x}");
    }
}

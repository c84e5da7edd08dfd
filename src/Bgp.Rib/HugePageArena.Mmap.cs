using System.Runtime.InteropServices;

namespace Bgp.Rib;

/// <summary>
/// The mappings: anonymous, private, not reserved against the commit limit (a region's pages are committed as
/// they are touched, like the GC's), over-mapped by 2 MiB and trimmed so that the region starts on a 2 MiB
/// boundary (a huge page can only back an aligned 2 MiB range), then advised MADV_HUGEPAGE as <see cref="Mode"/>
/// says. In <see cref="HugePageMode.Auto"/> the first touch of each mapping is done here and timed
/// (<see cref="TouchTimed"/>), which is how the <see cref="PageSizeChooser"/> learns what each size costs.
/// </summary>
public sealed unsafe partial class HugePageArena
{
    private const int ProtRead = 0x1;
    private const int ProtWrite = 0x2;
    private const int MapPrivate = 0x02;
    private const int MapAnonymous = 0x20;
    private const int MapNoReserve = 0x4000;
    private const int MadvHugePage = 14;
    private const int MadvNoHugePage = 15;
    private static readonly nint MapFailed = -1;
    private const int PageSize = 4096;
    /// <summary>
    /// 4 KiB pages touched to time a mapping that is not advised: 128 KiB, long enough (about 50 us at 0.4 ms per MiB)
    /// for the clock, and no more than the first chunks of a block or the start of a large region, which their owner
    /// touches next anyway.
    /// </summary>
    private const int SampledSmallPages = 32;

    /// <summary>An aligned mapping of <paramref name="length"/> bytes, or 0 when mmap is unavailable or fails.</summary>
    private nint TryMapAligned(int length, bool pooled)
    {
        nint raw;
        nuint span = (nuint)length + BlockSize;
        try
        {
            raw = Mmap(0, span, ProtRead | ProtWrite, MapPrivate | MapAnonymous | MapNoReserve, -1, 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A libc without these entry points (not glibc or musl): the C heap from now on.
            _mmapFailed = true;
            return 0;
        }
        if (raw == MapFailed) return 0;
        nint start = (raw + BlockSize - 1) & ~(nint)(BlockSize - 1);
        nint head = start - raw;
        nint tail = (nint)span - head - length;
        if (head > 0) Munmap(raw, (nuint)head);
        if (tail > 0) Munmap(start + length, (nuint)tail);
        var mode = Mode;
        bool huge = mode switch
        {
            HugePageMode.Always => true,
            HugePageMode.Never => false,
            _ => _chooser.ChooseHuge(pooled),
        };
        // Advice, not a demand: where it is refused (THP "never") the region is usable memory in 4 KiB pages. The
        // other size is advised too, not left to the system: where THP is "always" (RHEL's default) an unadvised
        // region faults in huge pages, so hugePages: false and auto's 4 KiB choice would get (and auto would time)
        // huge pages - the very cost they are there to avoid.
        _ = Madvise(start, (nuint)length, huge ? MadvHugePage : MadvNoHugePage);
        if (huge) Interlocked.Increment(ref _mappedHuge);
        else Interlocked.Increment(ref _mappedSmall);
        if (mode == HugePageMode.Auto) _chooser.Record(huge, TouchTimed(start, length, huge));
        return start;
    }

    /// <summary>
    /// Touches the start of a fresh mapping and returns what that cost in nanoseconds per MiB: one write for a region
    /// advised as huge pages (the fault zeroes a whole 2 MiB page), one per 4 KiB page over the first
    /// <see cref="SampledSmallPages"/> otherwise. Where THP is off or no huge page was free, the one write faults a
    /// single 4 KiB page and reads as cheap; the choice is then harmless, as both sizes are 4 KiB pages.
    /// </summary>
    private double TouchTimed(nint start, int length, bool huge)
    {
        int pages = huge ? 1 : Math.Min(SampledSmallPages, length / PageSize);
        long touched = huge ? Math.Min(length, BlockSize) : (long)pages * PageSize;
        long begin = _clock.GetTimestamp();
        for (int i = 0; i < pages; i++) Volatile.Write(ref *(byte*)(start + (nint)i * PageSize), (byte)0);
        long ticks = _clock.GetTimestamp() - begin;
        return ticks * (1e9 / _clock.TimestampFrequency) * (1 << 20) / touched;
    }

    private static void Unmap(nint address, int length)
    {
        if (Munmap(address, (nuint)length) != 0) throw new InvalidOperationException("munmap failed: " + Marshal.GetLastPInvokeError());
    }

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    private static partial int Munmap(nint address, nuint length);

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(nint address, nuint length, int advice);
}

using System.Runtime.InteropServices;

namespace Bgp.Rib;

/// <summary>
/// The mappings: anonymous, private, not reserved against the commit limit (a region's pages are committed as
/// they are touched, like the GC's), over-mapped by 2 MiB and trimmed so that the region starts on a 2 MiB
/// boundary (a huge page can only back an aligned 2 MiB range), then advised MADV_HUGEPAGE.
/// </summary>
public sealed unsafe partial class HugePageArena
{
    private const int ProtRead = 0x1;
    private const int ProtWrite = 0x2;
    private const int MapPrivate = 0x02;
    private const int MapAnonymous = 0x20;
    private const int MapNoReserve = 0x4000;
    private const int MadvHugePage = 14;
    private static readonly nint MapFailed = -1;

    /// <summary>An aligned mapping of <paramref name="length"/> bytes, or 0 when mmap is unavailable or fails.</summary>
    private nint TryMapAligned(int length)
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
        // Advice, not a demand: without it (THP "never", or AdviseHugePages off) the region is usable memory in 4 KiB pages.
        if (AdviseHugePages) _ = Madvise(start, (nuint)length, MadvHugePage);
        return start;
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

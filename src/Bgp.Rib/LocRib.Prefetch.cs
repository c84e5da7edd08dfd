using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Bgp.Protocol;

namespace Bgp.Rib;

/// <summary>
/// Software prefetch for the prefix index. In a full table the bucket array (16 MB for a million IPv4
/// prefixes) and the destinations (32 MB) are far larger than the cache, and a prefix's home bucket is random
/// by design, so every FindBucket of a new prefix is a cache miss the core waits for (FindBucket was 7 % of a
/// full-table ingest's CPU in perf, issue #7). An UPDATE carries its prefixes as one list, so the caller can
/// ask for the bucket of a prefix some routes ahead while it works on the current one, and the misses overlap.
/// </summary>
public sealed partial class LocRib
{
    /// <summary>
    /// Starts loading the home bucket of <paramref name="prefix"/> into the cache (stage one, a few routes
    /// ahead of its use).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchBucket(in Prefix prefix)
    {
        if (!Sse.IsSupported) return;
        var buckets = _buckets.Span;
        Prefetch(ref buckets[(int)(Fingerprint(prefix) >> _homeShift)]);
    }

    /// <summary>
    /// Stage two, a route or two before use and after <see cref="PrefetchBucket"/>: reads the (now cached) home
    /// bucket, and when its fingerprint matches, starts loading the destination it names, which an existing
    /// prefix (a second path, a replacement, a withdrawal) reads next.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchDestination(in Prefix prefix)
    {
        if (!Sse.IsSupported) return;
        uint fingerprint = Fingerprint(prefix);
        ulong v = _buckets.Span[(int)(fingerprint >> _homeShift)];
        if (v != 0 && (uint)(v >> 32) == fingerprint) Prefetch(ref _destinations[(int)(uint)v - 1]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch<T>(ref T location)
    {
        // A prefetch never faults; if the GC moves a managed array meanwhile, the hint is merely wasted.
        Sse.Prefetch0(Unsafe.AsPointer(ref location));
    }
}

using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Export;
using static Bgp.Rib.Tests.Export.ExportKit;

namespace Bgp.Rib.Tests.Export;

/// <summary>
/// The handle table after <see cref="ExportInterner.TrimIdle"/> gave its top chunks back: the next burst binds
/// more sets than the chunks kept (so past the free handles left, into fresh handles and grown chunks), and every
/// bound handle still names exactly its own set. ExportInternerTests checks the first handles handed out; a free
/// handle above the trimmed top kept in the free list would only show here, as a handle bound twice or out of range.
/// </summary>
public class ExportInternerTrimTests
{
    private const int Chunk = ChunkedArray<ExportedRoute?>.ChunkLength;

    private static PathAttributes Values(int i) =>
        new() { Origin = Origin.Igp, AsPath = AsPath.FromSequence(65000), NextHop = SelfV4, LocalPref = (uint)i };

    [Fact]
    public void TrimIdle_ThenBurstPastTheKeptChunks_EveryHandleNamesOnlyItsSet()
    {
        var interner = new ExportInterner();
        var first = new ExportedRoute[3 * Chunk];
        for (int i = 0; i < first.Length; i++) first[i] = interner.Intern(Afi.Ipv4, Values(i), SelfV4);
        // Keep a few low and one in the second chunk; the rest leave, top down to the kept one.
        for (int i = 0; i < first.Length; i++)
            if (i >= 16 && i != Chunk + 5) interner.Release(first[i]);
        interner.TrimIdle();
        Assert.Equal(2 * Chunk, interner.HandleCapacity);

        var burst = new ExportedRoute[3 * Chunk];
        for (int i = 0; i < burst.Length; i++) burst[i] = interner.Intern(Afi.Ipv4, Values(1_000_000 + i), SelfV4);
        var handles = new HashSet<int>();
        foreach (var set in first[..16].Append(first[Chunk + 5]).Concat(burst))
        {
            Assert.True(handles.Add(set.Handle), $"handle {set.Handle} bound twice");
            Assert.Same(set, interner.SetAt(set.Handle));
        }
        Assert.Equal(handles.Count, interner.Count);
        Assert.Equal(handles.Count, interner.HandleSpan);
    }

    /// <summary>
    /// With the highest handle still bound nothing can be dropped, so the trim leaves the free list alone (it runs
    /// every trim tick while commands arrive; sorting hundreds of thousands of free handles each time was waste):
    /// the next set takes the handle freed last, not the lowest.
    /// </summary>
    [Fact]
    public void TrimIdle_HighestHandleStillBound_LeavesFreeListAsIs()
    {
        var interner = new ExportInterner();
        var sets = new ExportedRoute[2 * Chunk];
        for (int i = 0; i < sets.Length; i++) sets[i] = interner.Intern(Afi.Ipv4, Values(i), SelfV4);
        // All but the top one leave, lowest first, so the handle freed last is the second highest.
        int freedLast = sets[^2].Handle;
        for (int i = 0; i < sets.Length - 1; i++) interner.Release(sets[i]);
        interner.TrimIdle();
        Assert.Equal(2 * Chunk, interner.HandleCapacity);

        var next = interner.Intern(Afi.Ipv4, Values(1_000_000), SelfV4);
        Assert.Equal(freedLast, next.Handle);
    }
}

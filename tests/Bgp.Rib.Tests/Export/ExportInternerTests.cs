using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Export;
using static Bgp.Rib.Tests.Export.ExportKit;

namespace Bgp.Rib.Tests.Export;

public class ExportInternerTests
{
    [Fact]
    public void Intern_EqualValuesOfAHeldSet_AllocateNothingAndCountReferences()
    {
        // A set that exists is found by a struct key: no candidate ExportedRoute per call (workload 1: one per set
        // per exporting memo class before). Equal values in a distinct PathAttributes instance, as Rewrite makes them.
        var interner = new ExportInterner();
        var attributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(65000, 3356), NextHop = SelfV4 };
        var held = interner.Intern(Afi.Ipv6, attributes with { NextHop = null }, SelfV6, SelfLinkLocal);
        var equal = attributes with { NextHop = null };
        InternAndRelease(interner, equal, held);
        long before = GC.GetAllocatedBytesForCurrentThread();
        InternAndRelease(interner, equal, held);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1, held.ReferenceCount);
        Assert.Equal(1, interner.Count);
        interner.Release(held);
        Assert.Equal(0, interner.Count);
        // Gone with its last reference: equal values now make a new set.
        var again = interner.Intern(Afi.Ipv6, equal, SelfV6, SelfLinkLocal);
        Assert.NotSame(held, again);
        Assert.Equal(1, again.ReferenceCount);
    }

    private static void InternAndRelease(ExportInterner interner, PathAttributes attributes, ExportedRoute expected)
    {
        for (int i = 0; i < 100; i++)
        {
            var set = interner.Intern(Afi.Ipv6, attributes, SelfV6, SelfLinkLocal);
            Assert.Same(expected, set);
            interner.Release(set);
        }
    }

    /// <summary>
    /// After a burst of sets left, the handle table's top chunks go back when idle and the free handles left are
    /// reused lowest first; a bound handle at the top keeps the table as it is.
    /// </summary>
    [Fact]
    public void TrimIdle_MostSetsGone_DropsTopChunksAndReusesLowestHandles()
    {
        const int Chunk = Bgp.Rib.ChunkedArray<ExportedRoute?>.ChunkLength;
        var interner = new ExportInterner();
        var sets = new ExportedRoute[3 * Chunk];
        for (int i = 0; i < sets.Length; i++) sets[i] = interner.Intern(Afi.Ipv4, SetValues(i), SelfV4);
        Assert.Equal(3 * Chunk, interner.HandleCapacity);
        // The top handle still bound: nothing above it to give back.
        for (int i = 10; i < sets.Length - 1; i++) interner.Release(sets[i]);
        interner.TrimIdle();
        Assert.Equal(3 * Chunk, interner.HandleCapacity);

        // Freed in this order, a stack would hand out 7 first.
        interner.Release(sets[3]);
        interner.Release(sets[7]);
        interner.Release(sets[^1]);
        interner.TrimIdle();
        Assert.Equal(Chunk, interner.HandleCapacity);
        Assert.Equal(10, interner.HandleSpan);
        Assert.Equal(-1, sets[7].Handle);
        for (int i = 0; i < 10; i++)
            if (i is not 3 and not 7) Assert.Same(sets[i], interner.SetAt(sets[i].Handle));

        Assert.Equal(3, interner.Intern(Afi.Ipv4, SetValues(-1), SelfV4).Handle);
        Assert.Equal(7, interner.Intern(Afi.Ipv4, SetValues(-2), SelfV4).Handle);
        Assert.Equal(10, interner.Intern(Afi.Ipv4, SetValues(-3), SelfV4).Handle);
    }

    private static PathAttributes SetValues(int i) =>
        new() { Origin = Origin.Igp, AsPath = AsPath.FromSequence(65000), NextHop = SelfV4, LocalPref = (uint)(i + 100) };
}

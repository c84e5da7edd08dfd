using System.Net;
using System.Runtime.InteropServices;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;
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

    /// <summary>
    /// IPv6 sets exported with the same next hops share one MP_REACH_NLRI next hop array (one 40 B array per set
    /// before, all equal: 51,700 of them in workload 2's heap), also when sets of another next hop come between.
    /// </summary>
    [Fact]
    public void Intern_Ipv6SetsWithTheSameNextHops_ShareOneMpNextHopArray()
    {
        var interner = new ExportInterner();
        var other = IPAddress.Parse("2001:db8::99");
        var first = interner.Intern(Afi.Ipv6, SetValues(1) with { NextHop = null }, SelfV6, SelfLinkLocal);
        var between = interner.Intern(Afi.Ipv6, SetValues(2) with { NextHop = null }, other);
        var second = interner.Intern(Afi.Ipv6, SetValues(3) with { NextHop = null }, SelfV6, SelfLinkLocal);
        var globalOnly = interner.Intern(Afi.Ipv6, SetValues(4) with { NextHop = null }, SelfV6);

        Assert.NotSame(first, second);
        Assert.Same(ImmutableCollectionsMarshal.AsArray(first.MpNextHop), ImmutableCollectionsMarshal.AsArray(second.MpNextHop));
        Assert.Equal(BgpEncoder.NextHopBytes(SelfV6, SelfLinkLocal), first.MpNextHop.ToArray());
        Assert.Equal(BgpEncoder.NextHopBytes(other), between.MpNextHop.ToArray());
        Assert.Equal(BgpEncoder.NextHopBytes(SelfV6), globalOnly.MpNextHop.ToArray());
        Assert.True(interner.Intern(Afi.Ipv4, SetValues(5), SelfV4).MpNextHop.IsEmpty);
    }

    /// <summary>The shared next hop fields are a few recent ones, not a table that grows with every next hop seen.</summary>
    [Fact]
    public void Intern_ManyDistinctIpv6NextHops_RemembersOnlyAFewFields()
    {
        var interner = new ExportInterner();
        var first = interner.Intern(Afi.Ipv6, SetValues(0) with { NextHop = null }, SelfV6);
        for (int i = 1; i <= 100; i++)
            interner.Intern(Afi.Ipv6, SetValues(i) with { NextHop = null }, IPAddress.Parse($"2001:db8:1::{i:x}"));
        var again = interner.Intern(Afi.Ipv6, SetValues(101) with { NextHop = null }, SelfV6);

        Assert.NotSame(ImmutableCollectionsMarshal.AsArray(first.MpNextHop), ImmutableCollectionsMarshal.AsArray(again.MpNextHop));
        Assert.Equal(first.MpNextHop.ToArray(), again.MpNextHop.ToArray());
    }

    private static PathAttributes SetValues(int i) =>
        new() { Origin = Origin.Igp, AsPath = AsPath.FromSequence(65000), NextHop = SelfV4, LocalPref = (uint)(i + 100) };
}

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
}

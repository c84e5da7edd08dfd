using System.Net;
using Bgp.Protocol.Attributes;

namespace Bgp.Rib.Tests;

/// <summary>The interner's count of attribute sets per next hop and its notices.</summary>
public sealed class AttributeInternerNextHopTests
{
    private static readonly IPAddress Hop = IPAddress.Parse("192.0.2.1");

    private sealed class Listener : INextHopUseListener
    {
        public List<string> Events { get; } = [];

        public void NextHopUsed(IPAddress nextHop) => Events.Add($"used {nextHop}");

        public void NextHopUnused(IPAddress nextHop) => Events.Add($"unused {nextHop}");
    }

    private static PathAttributes Attrs(uint med) => new() { Origin = Origin.Igp, AsPath = AsPath.FromSequence(65001), NextHop = Hop, MultiExitDisc = med };

    [Fact]
    public void Intern_SecondReferenceAndSecondSetOnSameHop_OneUsedNotice()
    {
        var listener = new Listener();
        var interner = new AttributeInterner { NextHopListener = listener };
        var a = interner.Intern(Attrs(1));
        var a2 = interner.Intern(Attrs(1));
        var b = interner.Intern(Attrs(2));
        Assert.Same(a, a2);
        Assert.NotSame(a, b);
        Assert.Equal(["used 192.0.2.1"], listener.Events);
        Assert.Equal(1, interner.NextHopCount);

        interner.Release(a);
        interner.Release(a2);
        Assert.True(interner.IsNextHopInUse(Hop));
        interner.Release(b);
        Assert.Equal(["used 192.0.2.1", "unused 192.0.2.1"], listener.Events);
        Assert.False(interner.IsNextHopInUse(Hop));
        Assert.Equal(0, interner.NextHopCount);
    }

    [Fact]
    public void Intern_NoNextHop_NotCounted()
    {
        var listener = new Listener();
        var interner = new AttributeInterner { NextHopListener = listener };
        var set = interner.Intern(new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.Empty });
        interner.Release(set);
        Assert.Empty(listener.Events);
        Assert.Equal(0, interner.NextHopCount);
    }

    [Fact]
    public void Intern_MpNextHopOverridesNextHop_CountsTheOverride()
    {
        var interner = new AttributeInterner();
        var v6 = IPAddress.Parse("2001:db8::1");
        interner.Intern(Attrs(1), v6);
        Assert.True(interner.IsNextHopInUse(v6));
        Assert.False(interner.IsNextHopInUse(Hop));
    }

    [Fact]
    public void Intern_TwoSetsEqualNextHopsFromOwnInstances_ShareOneIPAddress()
    {
        var interner = new AttributeInterner();
        // Each as a decoder makes it: its own IPAddress for the same NEXT_HOP.
        var a = interner.Intern(Attrs(1) with { NextHop = IPAddress.Parse("192.0.2.1") });
        var b = interner.Intern(Attrs(2) with { NextHop = IPAddress.Parse("192.0.2.1") });
        Assert.NotSame(a, b);
        Assert.Same(a.NextHop, b.NextHop);
        // For IPv4 the set's NEXT_HOP is the route's next hop: it shares the instance too.
        Assert.Same(a.NextHop, b.Attributes.NextHop);
        Assert.Equal(Attrs(2), b.Attributes);

        var v6a = interner.Intern(Attrs(1), IPAddress.Parse("2001:db8::1"));
        var v6b = interner.Intern(Attrs(2), IPAddress.Parse("2001:db8::1"));
        Assert.Same(v6a.NextHop, v6b.NextHop);
        Assert.NotSame(a.NextHop, v6a.NextHop);
    }
}

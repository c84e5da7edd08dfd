using System.Net;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests;

public sealed class AttributeInternerTests
{
    [Fact]
    public void Intern_EqualSetsFromDifferentInstances_SameCanonicalInstance()
    {
        var interner = new AttributeInterner();
        var a = interner.Intern(Attrs(Path(65001, 65002), med: 5));
        var b = interner.Intern(Attrs(Path(65001, 65002), med: 5) with { });
        Assert.Same(a, b);
        Assert.Equal(1, interner.Count);
        Assert.Equal(2, a.ReferenceCount);
    }

    [Fact]
    public void Intern_SameAttributesOtherNextHop_DistinctSets()
    {
        var interner = new AttributeInterner();
        var attrs = Attrs();
        var a = interner.Intern(attrs, IPAddress.Parse("2001:db8::1"));
        var b = interner.Intern(attrs, IPAddress.Parse("2001:db8::2"));
        var c = interner.Intern(attrs);
        Assert.NotSame(a, b);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), c.NextHop);
        Assert.Equal(3, interner.Count);
    }

    [Fact]
    public void Release_LastReference_SetForgotten()
    {
        var interner = new AttributeInterner();
        var a = interner.Intern(Attrs());
        interner.AddReference(a);
        interner.Release(a);
        Assert.Equal(1, interner.Count);
        interner.Release(a);
        Assert.Equal(0, interner.Count);
        Assert.Throws<InvalidOperationException>(() => interner.Release(a));
        Assert.NotSame(a, interner.Intern(Attrs()));
    }

    [Fact]
    public void Intern_SameInstanceAgain_SameSetPerNextHop()
    {
        // The routes of one UPDATE bring the same instance; the last answer must still tell next hops apart.
        var interner = new AttributeInterner();
        var attrs = Attrs();
        var hop = IPAddress.Parse("2001:db8::1");
        var a = interner.Intern(attrs, hop);
        Assert.Same(a, interner.Intern(attrs, hop));
        var b = interner.Intern(attrs);
        Assert.NotSame(a, b);
        Assert.Same(a, interner.Intern(attrs, hop));
        Assert.Same(b, interner.Intern(attrs));
        Assert.Equal(3, a.ReferenceCount);
        Assert.Equal(2, b.ReferenceCount);
        Assert.Equal(2, interner.Count);
    }

    [Fact]
    public void Intern_SameInstanceAfterItsSetWasForgotten_NewHeldSet()
    {
        var interner = new AttributeInterner();
        var attrs = Attrs();
        var a = interner.Intern(attrs);
        interner.Release(a);
        var b = interner.Intern(attrs);
        Assert.NotSame(a, b);
        Assert.Equal(1, interner.Count);
        Assert.Equal(1, b.ReferenceCount);
        Assert.Same(b, interner[b.Id]);
    }

    [Fact]
    public void Intern_SameInstanceAfterCreationThrew_NotThePreviousAnswer()
    {
        // The last answer is (arguments, set) as one: a creation that threw must not leave the previous set
        // paired with the new arguments.
        var listener = new ThrowOnceListener();
        var interner = new AttributeInterner { NextHopListener = listener };
        var first = Attrs(Path(65001));
        var a = interner.Intern(first, IPAddress.Parse("2001:db8::1"));
        var second = Attrs(Path(65002));
        var hop = IPAddress.Parse("2001:db8::2");
        listener.Armed = true;
        Assert.Throws<InvalidOperationException>(() => interner.Intern(second, hop));

        var b = interner.Intern(second, hop);

        Assert.NotSame(a, b);
        Assert.Same(second.AsPath, b.Attributes.AsPath);
        Assert.Equal(hop, b.NextHop);
        Assert.Equal(1, a.ReferenceCount);
    }

    private sealed class ThrowOnceListener : INextHopUseListener
    {
        public bool Armed { get; set; }

        public void NextHopUsed(IPAddress nextHop)
        {
            if (!Armed) return;
            Armed = false;
            throw new InvalidOperationException("listener failed");
        }

        public void NextHopUnused(IPAddress nextHop) { }
    }

    [Fact]
    public void Intern_DecisionValues_ComputedOnce()
    {
        var interner = new AttributeInterner();
        var a = interner.Intern(Attrs(Segments(ConfedSeq(65500), Seq(65001, 65002), Set(1, 2, 3)), med: 7, originatorId: "9.9.9.9", clusterListLength: 2));
        Assert.Equal(3, a.AsPathLength);
        Assert.Equal(65001u, a.NeighbourAs);
        Assert.Equal(7u, a.Med);
        Assert.Equal(2, a.ClusterListLength);
        Assert.Equal(0x09090909u, a.OriginatorId);
    }
}

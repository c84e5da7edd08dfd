using System.Collections.Immutable;
using Bgp.Protocol.Attributes;

namespace Bgp.Protocol.Tests.Attributes;

public class PathAttributesTests
{
    private static RawAttribute Raw(AttributeFlags flags, byte type) => new(flags, type, [1, 2, 3]);

    [Fact]
    public void ForPropagation_UnknownAttributes_DropsNonTransitiveAndSetsPartialOnTransitive()
    {
        var set = new PathAttributes
        {
            Origin = Origin.Igp,
            Unknown = [Raw(AttributeFlags.Optional, 200), Raw(AttributeFlags.Optional | AttributeFlags.Transitive, 201)],
        };

        var passed = set.ForPropagation();

        var only = Assert.Single(passed.Unknown);
        Assert.Equal(201, only.TypeCode);
        Assert.Equal(AttributeFlags.Optional | AttributeFlags.Transitive | AttributeFlags.Partial, only.Flags);
        Assert.Equal(Origin.Igp, passed.Origin);
    }

    [Fact]
    public void ForPropagation_NothingToChange_ReturnsSameInstance()
    {
        var set = new PathAttributes
        {
            Unknown = [Raw(AttributeFlags.Optional | AttributeFlags.Transitive | AttributeFlags.Partial, 201)],
        };
        Assert.Same(set, set.ForPropagation());
        Assert.Same(PathAttributes.Empty, PathAttributes.Empty.ForPropagation());
    }

    [Fact]
    public void With_ChangedField_IsNotEqualAndHashIsRecomputed()
    {
        var a = new PathAttributes { LocalPref = 100, Communities = ImmutableArray.Create(1u, 2u) };
        _ = a.GetHashCode();
        var b = a with { LocalPref = 200 };
        var c = b with { LocalPref = 100 };

        Assert.NotEqual(a, b);
        Assert.Equal(a, c);
        Assert.Equal(a.GetHashCode(), c.GetHashCode());
    }
}

using Bgp.Protocol.Attributes;
using Bgp.Testing.Arbitraries;
using FsCheck.Xunit;

namespace Bgp.Protocol.Tests.Attributes;

/// <summary>
/// The compact PathAttributes (common fields inline with presence bits, rare ones in a shared side
/// object): sets built in different ways are equal with equal hashes, and <c>with</c> never changes the
/// set it copies nor keeps its cached hash.
/// </summary>
[Properties(Arbitrary = [typeof(BgpArbitraries)], MaxTest = 300)]
public class PathAttributesLayoutTests
{
    /// <summary>One attribute per <c>with</c>, rare ones first and then common ones, from the empty set.</summary>
    [Property]
    public void PathAttributes_RebuiltByWithChain_IsEqualWithEqualHash(PathAttributes a)
    {
        var b = PathAttributes.Empty
            with { Unknown = a.Unknown }
            with { OnlyToCustomer = a.OnlyToCustomer }
            with { As4Aggregator = a.As4Aggregator }
            with { As4Path = a.As4Path }
            with { ExtendedCommunities = a.ExtendedCommunities }
            with { ClusterList = a.ClusterList }
            with { OriginatorId = a.OriginatorId }
            with { Aggregator = a.Aggregator }
            with { AtomicAggregate = a.AtomicAggregate }
            with { LargeCommunities = a.LargeCommunities }
            with { Communities = a.Communities }
            with { LocalPref = a.LocalPref }
            with { MultiExitDisc = a.MultiExitDisc }
            with { NextHop = a.NextHop }
            with { AsPath = a.AsPath }
            with { Origin = a.Origin };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(a.ToString(), b.ToString());
    }

    /// <summary>Each attribute read back as it was written, through the object initializer.</summary>
    [Property]
    public void PathAttributes_CopiedByInitializer_ReadsBackEveryAttribute(PathAttributes a)
    {
        var b = new PathAttributes
        {
            OnlyToCustomer = a.OnlyToCustomer, Unknown = a.Unknown, As4Aggregator = a.As4Aggregator, As4Path = a.As4Path,
            ExtendedCommunities = a.ExtendedCommunities, ClusterList = a.ClusterList, OriginatorId = a.OriginatorId,
            Aggregator = a.Aggregator, AtomicAggregate = a.AtomicAggregate, LargeCommunities = a.LargeCommunities,
            Communities = a.Communities, LocalPref = a.LocalPref, MultiExitDisc = a.MultiExitDisc, NextHop = a.NextHop,
            AsPath = a.AsPath, Origin = a.Origin,
        };

        Assert.Equal(a.Origin, b.Origin);
        Assert.Equal(a.MultiExitDisc, b.MultiExitDisc);
        Assert.Equal(a.LocalPref, b.LocalPref);
        Assert.Equal(a.OriginatorId, b.OriginatorId);
        Assert.Equal(a.OnlyToCustomer, b.OnlyToCustomer);
        Assert.Equal(a.AtomicAggregate, b.AtomicAggregate);
        Assert.Equal(a.Aggregator, b.Aggregator);
        Assert.Equal(a.As4Aggregator, b.As4Aggregator);
        Assert.Equal(a.As4Path, b.As4Path);
        Assert.Equal(a.ClusterList.ToArray(), b.ClusterList.ToArray());
        Assert.Equal(a.Unknown.ToArray(), b.Unknown.ToArray());
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    /// <summary>
    /// The copy shares the side object of rare attributes: editing one must make a new side object, so
    /// the original (hashed before) keeps its values, and editing back gives an equal set with the same hash.
    /// </summary>
    [Property]
    public void With_RareAttributes_LeavesTheOriginalUnchanged(PathAttributes a)
    {
        int hash = a.GetHashCode();
        uint? originatorId = a.OriginatorId;
        uint[] clusters = [.. a.ClusterList];
        bool atomic = a.AtomicAggregate;

        var b = a with { OriginatorId = (originatorId ?? 0) + 1, ClusterList = a.ClusterList.Add(7), AtomicAggregate = !atomic };

        Assert.Equal(originatorId, a.OriginatorId);
        Assert.Equal(clusters, a.ClusterList.ToArray());
        Assert.Equal(atomic, a.AtomicAggregate);
        Assert.Equal((originatorId ?? 0) + 1, b.OriginatorId);
        Assert.NotEqual(a, b);
        Assert.Equal(hash, a.GetHashCode());

        var back = b with { OriginatorId = originatorId, ClusterList = [.. clusters], AtomicAggregate = atomic };
        Assert.Equal(a, back);
        Assert.Equal(hash, back.GetHashCode());
    }

    /// <summary>A copy made after hashing gets its own hash: the cached one of the original must not leak into it.</summary>
    [Property]
    public void With_AfterHashing_RecomputesTheHash(PathAttributes a)
    {
        _ = a.GetHashCode();
        var changed = a with { OnlyToCustomer = (a.OnlyToCustomer ?? 0) + 1, LocalPref = (a.LocalPref ?? 0) + 1 };
        var fresh = new PathAttributes
        {
            Origin = a.Origin, AsPath = a.AsPath, NextHop = a.NextHop, MultiExitDisc = a.MultiExitDisc, LocalPref = changed.LocalPref,
            AtomicAggregate = a.AtomicAggregate, Aggregator = a.Aggregator, Communities = a.Communities, OriginatorId = a.OriginatorId,
            ClusterList = a.ClusterList, ExtendedCommunities = a.ExtendedCommunities, As4Path = a.As4Path, As4Aggregator = a.As4Aggregator,
            LargeCommunities = a.LargeCommunities, OnlyToCustomer = changed.OnlyToCustomer, Unknown = a.Unknown,
        };

        Assert.Equal(fresh.GetHashCode(), changed.GetHashCode());
        Assert.Equal(fresh, changed);
    }

    [Fact]
    public void With_RareAttributeClearedToDefault_EqualsASetThatNeverHadIt()
    {
        var plain = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(65001), LocalPref = 100 };
        var cleared = plain with { OriginatorId = 1 } with { OriginatorId = null };
        var atomicOnly = plain with { AtomicAggregate = true };
        var clearedToAtomic = plain with { OriginatorId = 1, AtomicAggregate = true } with { OriginatorId = null };

        Assert.Equal(plain, cleared);
        Assert.Equal(plain.GetHashCode(), cleared.GetHashCode());
        Assert.Equal(atomicOnly, clearedToAtomic);
        Assert.Equal(atomicOnly.GetHashCode(), clearedToAtomic.GetHashCode());
        Assert.NotEqual(plain, atomicOnly);
    }

    [Fact]
    public void Origin_MedAndLocalPref_AbsentDiffersFromZero()
    {
        var none = PathAttributes.Empty;
        Assert.NotEqual(none, none with { MultiExitDisc = 0 });
        Assert.NotEqual(none, none with { LocalPref = 0 });
        Assert.NotEqual(none, none with { Origin = Origin.Igp });
        Assert.Null((none with { MultiExitDisc = 5 } with { MultiExitDisc = null }).MultiExitDisc);
        Assert.Equal(none, none with { LocalPref = 0 } with { LocalPref = null });
        Assert.Equal(0u, (none with { LocalPref = 0 }).LocalPref);
    }
}

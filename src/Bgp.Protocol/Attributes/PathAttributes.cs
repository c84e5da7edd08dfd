using System.Collections.Immutable;
using System.Net;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// The path attributes of an UPDATE except MP_REACH_NLRI / MP_UNREACH_NLRI (which belong to the message,
/// not to the routes). Immutable and compared by value, so that the RIB can intern one instance for
/// every route that shares it and pack those routes into one UPDATE. Edits make a new set with a
/// <c>with</c> expression (the copy constructor leaves the cached hash behind).
/// </summary>
public sealed record PathAttributes
{
    public static readonly PathAttributes Empty = new();

    private int _hash;

    public PathAttributes() { }

    private PathAttributes(PathAttributes original)
    {
        Origin = original.Origin;
        AsPath = original.AsPath;
        NextHop = original.NextHop;
        MultiExitDisc = original.MultiExitDisc;
        LocalPref = original.LocalPref;
        AtomicAggregate = original.AtomicAggregate;
        Aggregator = original.Aggregator;
        Communities = original.Communities;
        OriginatorId = original.OriginatorId;
        ClusterList = original.ClusterList;
        ExtendedCommunities = original.ExtendedCommunities;
        As4Path = original.As4Path;
        As4Aggregator = original.As4Aggregator;
        LargeCommunities = original.LargeCommunities;
        OnlyToCustomer = original.OnlyToCustomer;
        Unknown = original.Unknown;
    }

    public Origin? Origin { get; init; }
    public AsPath? AsPath { get; init; }
    /// <summary>The NEXT_HOP attribute (type 3), an IPv4 address.</summary>
    public IPAddress? NextHop { get; init; }
    public uint? MultiExitDisc { get; init; }
    public uint? LocalPref { get; init; }
    public bool AtomicAggregate { get; init; }
    public Aggregator? Aggregator { get; init; }
    public ImmutableArray<uint> Communities { get; init; } = [];
    public uint? OriginatorId { get; init; }
    public ImmutableArray<uint> ClusterList { get; init; } = [];
    public ImmutableArray<ExtendedCommunity> ExtendedCommunities { get; init; } = [];
    /// <summary>AS4_PATH as received from a 2-octet speaker; merged into <see cref="AsPath"/> by <see cref="AsPathMerger"/>.</summary>
    public AsPath? As4Path { get; init; }
    public Aggregator? As4Aggregator { get; init; }
    public ImmutableArray<LargeCommunity> LargeCommunities { get; init; } = [];
    /// <summary>ONLY_TO_CUSTOMER (RFC 9234): the AS that set it.</summary>
    public uint? OnlyToCustomer { get; init; }
    /// <summary>Attributes this speaker does not interpret, in the order received.</summary>
    public ImmutableArray<RawAttribute> Unknown { get; init; } = [];

    public bool HasCommunity(uint community) => Communities.Contains(community);

    /// <summary>
    /// The set as it may be passed on to another peer as far as unknown attributes go (RFC 4271 5 and
    /// 9.1.2): unrecognized optional non-transitive attributes are dropped, unrecognized optional
    /// transitive ones are kept with the Partial bit set. The same instance comes back when nothing changes.
    /// </summary>
    public PathAttributes ForPropagation()
    {
        bool change = false;
        foreach (var u in Unknown)
            change |= !u.IsTransitive || (u.Flags & AttributeFlags.Partial) == 0;
        if (!change) return this;
        var kept = ImmutableArray.CreateBuilder<RawAttribute>(Unknown.Length);
        foreach (var u in Unknown)
            if (u.IsTransitive) kept.Add(new RawAttribute(u.Flags | AttributeFlags.Partial, u.TypeCode, u.Value));
        return this with { Unknown = kept.DrainToImmutable() };
    }

    public bool Equals(PathAttributes? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (_hash != 0 && other._hash != 0 && _hash != other._hash) return false;
        return Origin == other.Origin
            && Equals(AsPath, other.AsPath)
            && Equals(NextHop, other.NextHop)
            && MultiExitDisc == other.MultiExitDisc
            && LocalPref == other.LocalPref
            && AtomicAggregate == other.AtomicAggregate
            && Aggregator == other.Aggregator
            && Communities.AsSpan().SequenceEqual(other.Communities.AsSpan())
            && OriginatorId == other.OriginatorId
            && ClusterList.AsSpan().SequenceEqual(other.ClusterList.AsSpan())
            && ExtendedCommunities.AsSpan().SequenceEqual(other.ExtendedCommunities.AsSpan())
            && Equals(As4Path, other.As4Path)
            && As4Aggregator == other.As4Aggregator
            && LargeCommunities.AsSpan().SequenceEqual(other.LargeCommunities.AsSpan())
            && OnlyToCustomer == other.OnlyToCustomer
            && Unknown.AsSpan().SequenceEqual(other.Unknown.AsSpan());
    }

    public override int GetHashCode()
    {
        if (_hash != 0) return _hash;
        var h = new HashCode();
        h.Add(Origin);
        h.Add(AsPath);
        h.Add(NextHop);
        h.Add(MultiExitDisc);
        h.Add(LocalPref);
        h.Add(AtomicAggregate);
        h.Add(Aggregator);
        foreach (uint c in Communities) h.Add(c);
        h.Add(OriginatorId);
        foreach (uint c in ClusterList) h.Add(c);
        foreach (var c in ExtendedCommunities) h.Add(c);
        h.Add(As4Path);
        h.Add(As4Aggregator);
        foreach (var c in LargeCommunities) h.Add(c);
        h.Add(OnlyToCustomer);
        foreach (var u in Unknown) h.Add(u);
        int v = h.ToHashCode();
        _hash = v == 0 ? 1 : v;
        return _hash;
    }
}

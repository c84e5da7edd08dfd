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

    // Layout (issue #7: a full-table RIB holds hundreds of thousands of sets): the attributes nearly
    // every route has are fields, the optional integers as a value plus a presence bit in _present,
    // and the rare ones live in one shared immutable side object that is null when all are default.
    // 72 bytes for a set without rare attributes, against 152 with a nullable field for everything.
    private const byte HasOrigin = 1, HasMultiExitDisc = 2, HasLocalPref = 4;

    private PathAttributesRare? _rare;
    private uint _multiExitDisc;
    private uint _localPref;
    private int _hash;
    private byte _present;
    private Origin _origin;

    public PathAttributes() { }

    private PathAttributes(PathAttributes original)
    {
        // Everything but the cached hash, which the edit that follows may invalidate. The side object
        // is shared: its init setters below replace it rather than change it.
        _rare = original._rare;
        _multiExitDisc = original._multiExitDisc;
        _localPref = original._localPref;
        _present = original._present;
        _origin = original._origin;
        AsPath = original.AsPath;
        NextHop = original.NextHop;
        Communities = original.Communities;
        LargeCommunities = original.LargeCommunities;
    }

    public Origin? Origin
    {
        get => (_present & HasOrigin) != 0 ? _origin : null;
        init
        {
            _origin = value.GetValueOrDefault();
            _present = value.HasValue ? (byte)(_present | HasOrigin) : (byte)(_present & ~HasOrigin);
        }
    }

    public AsPath? AsPath { get; init; }
    /// <summary>The NEXT_HOP attribute (type 3), an IPv4 address.</summary>
    public IPAddress? NextHop { get; init; }

    public uint? MultiExitDisc
    {
        get => (_present & HasMultiExitDisc) != 0 ? _multiExitDisc : null;
        init
        {
            _multiExitDisc = value.GetValueOrDefault();
            _present = value.HasValue ? (byte)(_present | HasMultiExitDisc) : (byte)(_present & ~HasMultiExitDisc);
        }
    }

    public uint? LocalPref
    {
        get => (_present & HasLocalPref) != 0 ? _localPref : null;
        init
        {
            _localPref = value.GetValueOrDefault();
            _present = value.HasValue ? (byte)(_present | HasLocalPref) : (byte)(_present & ~HasLocalPref);
        }
    }

    // The rare setters below change nothing when the value is the one already held: the decoder's object
    // initializer and the export rules' `with` set rare attributes to their defaults on every set, and each of
    // those would otherwise build a throwaway side object (68.6 MB of a full-table ingest's allocations, 10 %).
    public bool AtomicAggregate
    {
        get => _rare is { } r && r.AtomicAggregate;
        init { if (value != AtomicAggregate) _rare = PathAttributesRare.With(_rare, value, static (r, v) => r with { AtomicAggregate = v }); }
    }

    public Aggregator? Aggregator
    {
        get => _rare?.Aggregator;
        init { if (!Nullable.Equals(value, Aggregator)) _rare = PathAttributesRare.With(_rare, value, static (r, v) => r with { Aggregator = v }); }
    }

    public ImmutableArray<uint> Communities { get; init; } = [];

    public uint? OriginatorId
    {
        get => _rare?.OriginatorId;
        init { if (value != OriginatorId) _rare = PathAttributesRare.With(_rare, value, static (r, v) => r with { OriginatorId = v }); }
    }

    public ImmutableArray<uint> ClusterList
    {
        get => _rare is { } r ? r.ClusterList : [];
        init { if (!(value.IsDefaultOrEmpty && ClusterList.IsEmpty)) _rare = PathAttributesRare.With(_rare, value, static (r, v) => r with { ClusterList = v }); }
    }

    public ImmutableArray<ExtendedCommunity> ExtendedCommunities
    {
        get => _rare is { } r ? r.ExtendedCommunities : [];
        init { if (!(value.IsDefaultOrEmpty && ExtendedCommunities.IsEmpty)) _rare = PathAttributesRare.With(_rare, value, static (r, v) => r with { ExtendedCommunities = v }); }
    }

    /// <summary>AS4_PATH as received from a 2-octet speaker; merged into <see cref="AsPath"/> by <see cref="AsPathMerger"/>.</summary>
    public AsPath? As4Path
    {
        get => _rare?.As4Path;
        init { if (!ReferenceEquals(value, As4Path)) _rare = PathAttributesRare.With(_rare, value, static (r, v) => r with { As4Path = v }); }
    }

    public Aggregator? As4Aggregator
    {
        get => _rare?.As4Aggregator;
        init { if (!Nullable.Equals(value, As4Aggregator)) _rare = PathAttributesRare.With(_rare, value, static (r, v) => r with { As4Aggregator = v }); }
    }

    public ImmutableArray<LargeCommunity> LargeCommunities { get; init; } = [];

    /// <summary>ONLY_TO_CUSTOMER (RFC 9234): the AS that set it.</summary>
    public uint? OnlyToCustomer
    {
        get => _rare?.OnlyToCustomer;
        init { if (value != OnlyToCustomer) _rare = PathAttributesRare.With(_rare, value, static (r, v) => r with { OnlyToCustomer = v }); }
    }

    /// <summary>Attributes this speaker does not interpret, in the order received.</summary>
    public ImmutableArray<RawAttribute> Unknown
    {
        get => _rare is { } r ? r.Unknown : [];
        init { if (!(value.IsDefaultOrEmpty && Unknown.IsEmpty)) _rare = PathAttributesRare.With(_rare, value, static (r, v) => r with { Unknown = v }); }
    }

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
            && Communities.AsSpan().SequenceEqual(other.Communities.AsSpan())
            && LargeCommunities.AsSpan().SequenceEqual(other.LargeCommunities.AsSpan())
            && (ReferenceEquals(_rare, other._rare) || RareEquals(other));
    }

    /// <summary>The rare attributes compared one by one (a null side object reads as all defaults).</summary>
    private bool RareEquals(PathAttributes other)
    {
        return AtomicAggregate == other.AtomicAggregate
            && Aggregator == other.Aggregator
            && OriginatorId == other.OriginatorId
            && ClusterList.AsSpan().SequenceEqual(other.ClusterList.AsSpan())
            && ExtendedCommunities.AsSpan().SequenceEqual(other.ExtendedCommunities.AsSpan())
            && Equals(As4Path, other.As4Path)
            && As4Aggregator == other.As4Aggregator
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

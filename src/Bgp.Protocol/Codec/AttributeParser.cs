using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Net;
using System.Runtime.InteropServices;
using Bgp.Protocol.Attributes;

namespace Bgp.Protocol.Codec;

/// <summary>
/// Walks the path attributes of one UPDATE (RFC 4271 4.3):
/// <code>
///  Attr. Flags (1) | Attr. Type Code (1) | Length (1, or 2 with Extended Length) | Value
/// </code>
/// and applies RFC 7606: a length that runs past the list stops the walk with treat-as-withdraw (7606 4);
/// a repeated MP_REACH/MP_UNREACH is a session reset, any other repeat is discarded (7606 3 g);
/// flags that contradict the attribute's kind are malformed (7606 3 a); each attribute's own faults take
/// the action of 7606 section 7 (or RFC 6793, 8092, 9234 for the newer ones).
/// </summary>
internal struct AttributeParser
{
    private readonly CodecOptions _options;
    // Set when decoding a TABLE_DUMP_V2 RIB entry, where MP_REACH_NLRI carries only the next hop (RFC 6396 4.3.4).
    private readonly AfiSafi? _mrtRibFamily;
    private ulong _seen0, _seen1, _seen2, _seen3;

    private Origin? _origin;
    private AsPath? _asPath;
    private IPAddress? _nextHop;
    private uint? _med;
    private uint? _localPref;
    private bool _atomicAggregate;
    private Aggregator? _aggregator;
    private ImmutableArray<uint> _communities;
    private uint? _originatorId;
    private ImmutableArray<uint> _clusterList;
    private ImmutableArray<ExtendedCommunity> _extCommunities;
    private AsPath? _as4Path;
    private Aggregator? _as4Aggregator;
    private ImmutableArray<LargeCommunity> _largeCommunities;
    private uint? _otc;
    private ImmutableArray<RawAttribute>.Builder? _unknown;
    private bool _any;

    public AttributeParser(CodecOptions options)
    {
        _options = options;
        Errors = [];
    }

    /// <summary>A parser for the attributes of an MRT RIB entry of <paramref name="mrtRibFamily"/>.</summary>
    public AttributeParser(CodecOptions options, AfiSafi? mrtRibFamily)
        : this(options) => _mrtRibFamily = mrtRibFamily;

    public ImmutableArray<BgpError> Errors { get; private set; }
    public MpReachNlri? MpReach { get; private set; }
    public MpUnreachNlri? MpUnreach { get; private set; }
    /// <summary>True when the walk stopped early (7606 4); the attributes seen so far are all there is.</summary>
    public bool AttributeListBroken { get; private set; }

    public readonly bool Saw(AttributeType type) => Saw((byte)type);

    private readonly bool Saw(byte type)
    {
        ulong word = (type >> 6) switch { 0 => _seen0, 1 => _seen1, 2 => _seen2, _ => _seen3 };
        return (word & (1UL << (type & 63))) != 0;
    }

    private void MarkSeen(byte type)
    {
        ulong bit = 1UL << (type & 63);
        switch (type >> 6)
        {
            case 0: _seen0 |= bit; break;
            case 1: _seen1 |= bit; break;
            case 2: _seen2 |= bit; break;
            default: _seen3 |= bit; break;
        }
    }

    /// <summary>Walks the list; returns the error when one needs a session reset, else null.</summary>
    public BgpError? Parse(ReadOnlySpan<byte> attrs)
    {
        while (attrs.Length > 0)
        {
            if (attrs.Length < 3 || ((attrs[0] & (byte)AttributeFlags.ExtendedLength) != 0 && attrs.Length < 4))
            {
                AddError(UpdateMessageErrorSubcode.MalformedAttributeList, ErrorAction.TreatAsWithdraw, [],
                    $"{attrs.Length} octets left in the attribute list, too few for an attribute header");
                AttributeListBroken = true;
                return null;
            }
            byte flags = attrs[0];
            byte type = attrs[1];
            bool ext = (flags & (byte)AttributeFlags.ExtendedLength) != 0;
            int hdr = ext ? 4 : 3;
            int len = ext ? BinaryPrimitives.ReadUInt16BigEndian(attrs[2..]) : attrs[2];
            if (hdr + len > attrs.Length)
            {
                AddError(UpdateMessageErrorSubcode.AttributeLengthError, ErrorAction.TreatAsWithdraw, attrs.ToArray(),
                    $"attribute {type} of {len} octets runs past the attribute list");
                AttributeListBroken = true;
                return null;
            }
            var whole = attrs[..(hdr + len)];
            var value = attrs.Slice(hdr, len);
            attrs = attrs[(hdr + len)..];
            _any = true;

            if (Saw(type))
            {
                if (type is (byte)AttributeType.MpReachNlri or (byte)AttributeType.MpUnreachNlri)
                    return BgpError.Update(UpdateMessageErrorSubcode.MalformedAttributeList, ErrorAction.SessionReset, [],
                        $"{(AttributeType)type} appears more than once");
                AddError(UpdateMessageErrorSubcode.MalformedAttributeList, ErrorAction.AttributeDiscard, [],
                    $"attribute {type} appears more than once; the repeats are discarded");
                continue;
            }
            MarkSeen(type);
            var fatal = DecodeOne((AttributeFlags)flags, type, value, whole);
            if (fatal is not null) return fatal;
        }
        return null;
    }

    public readonly PathAttributes Build()
    {
        if (!_any) return PathAttributes.Empty;
        return new PathAttributes
        {
            Origin = _origin,
            AsPath = _asPath,
            NextHop = _nextHop,
            MultiExitDisc = _med,
            LocalPref = _localPref,
            AtomicAggregate = _atomicAggregate,
            Aggregator = _aggregator,
            Communities = _communities.IsDefault ? [] : _communities,
            OriginatorId = _originatorId,
            ClusterList = _clusterList.IsDefault ? [] : _clusterList,
            ExtendedCommunities = _extCommunities.IsDefault ? [] : _extCommunities,
            As4Path = _as4Path,
            As4Aggregator = _as4Aggregator,
            LargeCommunities = _largeCommunities.IsDefault ? [] : _largeCommunities,
            OnlyToCustomer = _otc,
            Unknown = _unknown is null ? [] : _unknown.ToImmutable(),
        };
    }

    private void AddError(UpdateMessageErrorSubcode subcode, ErrorAction action, byte[] data, string reason) =>
        Errors = Errors.Add(BgpError.Update(subcode, action, data, reason));

    /// <summary>The RFC 7606 action for a malformed attribute of this type.</summary>
    private static ErrorAction ActionFor(AttributeType type) => type switch
    {
        AttributeType.AtomicAggregate or AttributeType.Aggregator or AttributeType.As4Path or AttributeType.As4Aggregator
            => ErrorAction.AttributeDiscard,
        _ => ErrorAction.TreatAsWithdraw,
    };

    /// <summary>The Optional and Transitive bits each known attribute must carry (RFC 4271 5 and the attribute's RFC).</summary>
    private static bool TryExpectedFlags(AttributeType type, out AttributeFlags expected)
    {
        const AttributeFlags WellKnown = AttributeFlags.Transitive;
        const AttributeFlags OptionalTransitive = AttributeFlags.Optional | AttributeFlags.Transitive;
        const AttributeFlags OptionalNonTransitive = AttributeFlags.Optional;
        expected = type switch
        {
            AttributeType.Origin or AttributeType.AsPath or AttributeType.NextHop or AttributeType.LocalPref
                or AttributeType.AtomicAggregate => WellKnown,
            AttributeType.MultiExitDisc or AttributeType.OriginatorId or AttributeType.ClusterList
                or AttributeType.MpReachNlri or AttributeType.MpUnreachNlri => OptionalNonTransitive,
            AttributeType.Aggregator or AttributeType.Communities or AttributeType.ExtendedCommunities or AttributeType.As4Path
                or AttributeType.As4Aggregator or AttributeType.LargeCommunity or AttributeType.OnlyToCustomer => OptionalTransitive,
            _ => AttributeFlags.None,
        };
        return expected != AttributeFlags.None;
    }

    private BgpError? DecodeOne(AttributeFlags flags, byte typeCode, ReadOnlySpan<byte> v, ReadOnlySpan<byte> whole)
    {
        var type = (AttributeType)typeCode;
        if (!TryExpectedFlags(type, out var expected))
        {
            if ((flags & AttributeFlags.Optional) == 0)
                return BgpError.Update(UpdateMessageErrorSubcode.UnrecognizedWellKnownAttribute, ErrorAction.SessionReset, whole.ToArray(),
                    $"attribute {typeCode} is marked well-known but is not one we know");
            (_unknown ??= ImmutableArray.CreateBuilder<RawAttribute>()).Add(new RawAttribute(flags, typeCode, [.. v]));
            return null;
        }

        bool isMp = type is AttributeType.MpReachNlri or AttributeType.MpUnreachNlri;
        if ((flags & (AttributeFlags.Optional | AttributeFlags.Transitive)) != expected)
        {
            AddError(UpdateMessageErrorSubcode.AttributeFlagsError, ActionFor(type), whole.ToArray(),
                $"{type} has flags 0x{(byte)flags:x2}, expected optional={(expected & AttributeFlags.Optional) != 0} transitive={(expected & AttributeFlags.Transitive) != 0}");
            // The routes of a malformed MP attribute must still be known to withdraw them; any other
            // attribute with wrong flags is dropped.
            if (!isMp) return null;
        }

        switch (type)
        {
            case AttributeType.Origin:
                if (v.Length != 1) return LengthError(type, whole);
                if (v[0] > 2)
                {
                    AddError(UpdateMessageErrorSubcode.InvalidOriginAttribute, ErrorAction.TreatAsWithdraw, whole.ToArray(), $"ORIGIN value {v[0]} is not 0, 1 or 2");
                    return null;
                }
                _origin = (Origin)v[0];
                return null;

            case AttributeType.AsPath:
            {
                var path = AsPathReader.TryRead(v, _options.FourOctetAs ? 4 : 2, allowConfederation: true, out string? problem);
                if (path is null)
                    AddError(UpdateMessageErrorSubcode.MalformedAsPath, ErrorAction.TreatAsWithdraw, [], "AS_PATH: " + problem);
                _asPath = path;
                return null;
            }

            case AttributeType.NextHop:
                if (v.Length != 4) return LengthError(type, whole);
                _nextHop = DecodedAddresses.V4(v);
                return null;

            case AttributeType.MultiExitDisc:
                if (v.Length != 4) return LengthError(type, whole);
                _med = BinaryPrimitives.ReadUInt32BigEndian(v);
                return null;

            case AttributeType.LocalPref:
                if (v.Length != 4) return LengthError(type, whole);
                _localPref = BinaryPrimitives.ReadUInt32BigEndian(v);
                return null;

            case AttributeType.AtomicAggregate:
                if (v.Length != 0) return LengthError(type, whole);
                _atomicAggregate = true;
                return null;

            case AttributeType.Aggregator:
            {
                int asSize = _options.FourOctetAs ? 4 : 2;
                if (v.Length != asSize + 4) return LengthError(type, whole);
                uint asn = asSize == 4 ? BinaryPrimitives.ReadUInt32BigEndian(v) : BinaryPrimitives.ReadUInt16BigEndian(v);
                _aggregator = new Aggregator(asn, BinaryPrimitives.ReadUInt32BigEndian(v[asSize..]));
                return null;
            }

            case AttributeType.Communities:
                if (v.Length == 0 || v.Length % 4 != 0) return LengthError(type, whole);
                _communities = ReadUInt32s(v);
                return null;

            case AttributeType.OriginatorId:
                if (v.Length != 4) return LengthError(type, whole);
                _originatorId = BinaryPrimitives.ReadUInt32BigEndian(v);
                return null;

            case AttributeType.ClusterList:
                if (v.Length == 0 || v.Length % 4 != 0) return LengthError(type, whole);
                _clusterList = ReadUInt32s(v);
                return null;

            case AttributeType.ExtendedCommunities:
            {
                if (v.Length == 0 || v.Length % 8 != 0) return LengthError(type, whole);
                var arr = new ExtendedCommunity[v.Length / 8];
                for (int i = 0; i < arr.Length; i++) arr[i] = new ExtendedCommunity(BinaryPrimitives.ReadUInt64BigEndian(v[(i * 8)..]));
                _extCommunities = ImmutableCollectionsMarshal.AsImmutableArray(arr);
                return null;
            }

            case AttributeType.As4Path:
            {
                // RFC 6793 6: a malformed AS4_PATH is discarded; confederation segments make it malformed.
                var path = AsPathReader.TryRead(v, 4, allowConfederation: false, out string? problem);
                if (path is null)
                    AddError(UpdateMessageErrorSubcode.OptionalAttributeError, ErrorAction.AttributeDiscard, whole.ToArray(), "AS4_PATH: " + problem);
                _as4Path = path;
                return null;
            }

            case AttributeType.As4Aggregator:
                if (v.Length != 8) return LengthError(type, whole);
                _as4Aggregator = new Aggregator(BinaryPrimitives.ReadUInt32BigEndian(v), BinaryPrimitives.ReadUInt32BigEndian(v[4..]));
                return null;

            case AttributeType.LargeCommunity:
            {
                // RFC 8092 5: a length that is not a non-zero multiple of 12 is treat-as-withdraw.
                if (v.Length == 0 || v.Length % 12 != 0) return LengthError(type, whole);
                var arr = new LargeCommunity[v.Length / 12];
                for (int i = 0; i < arr.Length; i++)
                {
                    var e = v.Slice(i * 12, 12);
                    arr[i] = new LargeCommunity(BinaryPrimitives.ReadUInt32BigEndian(e), BinaryPrimitives.ReadUInt32BigEndian(e[4..]),
                        BinaryPrimitives.ReadUInt32BigEndian(e[8..]));
                }
                _largeCommunities = ImmutableCollectionsMarshal.AsImmutableArray(arr);
                return null;
            }

            case AttributeType.OnlyToCustomer:
                if (v.Length != 4) return LengthError(type, whole);
                _otc = BinaryPrimitives.ReadUInt32BigEndian(v);
                return null;

            case AttributeType.MpReachNlri:
                return DecodeMpReach(v, whole);

            default:
                return DecodeMpUnreach(v, whole);
        }
    }

    private BgpError? LengthError(AttributeType type, ReadOnlySpan<byte> whole)
    {
        AddError(UpdateMessageErrorSubcode.AttributeLengthError, ActionFor(type), whole.ToArray(),
            $"{type} has a value of {whole.Length - ((whole[0] & 0x10) != 0 ? 4 : 3)} octets, which is not a valid length");
        return null;
    }

    private static ImmutableArray<uint> ReadUInt32s(ReadOnlySpan<byte> v)
    {
        var arr = new uint[v.Length / 4];
        for (int i = 0; i < arr.Length; i++) arr[i] = BinaryPrimitives.ReadUInt32BigEndian(v[(i * 4)..]);
        return ImmutableCollectionsMarshal.AsImmutableArray(arr);
    }

    private static BgpError MpError(ReadOnlySpan<byte> whole, string reason) =>
        BgpError.Update(UpdateMessageErrorSubcode.OptionalAttributeError, ErrorAction.SessionReset, whole.ToArray(), reason);

    /// <summary>
    /// MP_REACH_NLRI (RFC 4760 3):
    /// <code>
    ///  AFI (2) | SAFI (1) | Length of Next Hop (1) | Next Hop | Reserved (1) | NLRI
    /// </code>
    /// A next hop or NLRI that cannot be read leaves the NLRI unlocatable, so RFC 7606 7.11 and
    /// RFC 4760 7 ask for a session reset with Optional Attribute Error.
    /// </summary>
    private BgpError? DecodeMpReach(ReadOnlySpan<byte> v, ReadOnlySpan<byte> whole)
    {
        // RFC 6396 4.3.4: in a RIB entry only "Next Hop Length | Next Hop" is kept, the family coming from
        // the RIB record. Some writers still store the full attribute, so the abbreviated form is taken
        // only when its length octet accounts for the whole value.
        if (_mrtRibFamily is { } ribFamily && v.Length >= 1 && v[0] + 1 == v.Length)
        {
            var ribNextHop = v[1..];
            int ribRd = ribFamily.Safi == Safi.MplsVpn && ribNextHop.Length is 12 or 24 or 48 ? 8 : 0;
            var (rg, rll) = NextHopAddresses(ribNextHop, ribRd);
            MpReach = new MpReachNlri { Family = ribFamily, NextHopBytes = [.. ribNextHop], NextHop = rg, LinkLocalNextHop = rll };
            return null;
        }
        if (v.Length < 5) return MpError(whole, $"MP_REACH_NLRI of {v.Length} octets is too short");
        var family = new AfiSafi((Afi)BinaryPrimitives.ReadUInt16BigEndian(v), (Safi)v[2]);
        int nhLen = v[3];
        if (4 + nhLen + 1 > v.Length) return MpError(whole, $"MP_REACH_NLRI next hop of {nhLen} octets runs past the attribute");
        var nh = v.Slice(4, nhLen);
        var nlriBytes = v[(5 + nhLen)..];

        if (family.IsUnicastIp)
        {
            bool okLength = family.Afi == Afi.Ipv4 ? nhLen is 4 or 16 or 32 : nhLen is 16 or 32;
            if (!okLength) return MpError(whole, $"{family} next hop of {nhLen} octets");
            if (!NlriReader.TryRead(nlriBytes, family.Afi == Afi.Ipv6, _options.ReceivesPathId(family), out var nlri, out string? problem))
                return MpError(whole, $"MP_REACH_NLRI {family}: {problem}");
            var (global, linkLocal) = NextHopAddresses(nh, 0);
            MpReach = new MpReachNlri { Family = family, NextHopBytes = [.. nh], NextHop = global, LinkLocalNextHop = linkLocal, Nlri = nlri };
            return null;
        }

        // A family we carry but do not route: keep the bytes. VPN next hops start with an 8-octet RD.
        int rd = family.Safi == Safi.MplsVpn && nhLen is 12 or 24 or 48 ? 8 : 0;
        var (g, ll) = NextHopAddresses(nh, rd);
        MpReach = new MpReachNlri { Family = family, NextHopBytes = [.. nh], NextHop = g, LinkLocalNextHop = ll, RawNlri = [.. nlriBytes] };
        return null;
    }

    /// <summary>Splits a next hop field into its global and link-local addresses where its length says which.</summary>
    private static (IPAddress? Global, IPAddress? LinkLocal) NextHopAddresses(ReadOnlySpan<byte> nh, int rd)
    {
        if (rd > 0)
        {
            // RD + address, or (RD + IPv6) twice.
            int len = nh.Length;
            if (len == 12) return (new IPAddress(nh.Slice(8, 4)), null);
            if (len == 24) return (new IPAddress(nh.Slice(8, 16)), null);
            return (new IPAddress(nh.Slice(8, 16)), new IPAddress(nh.Slice(32, 16)));
        }
        return nh.Length switch
        {
            4 => (DecodedAddresses.V4(nh), null),
            16 => (DecodedAddresses.V6(nh), null),
            32 => (DecodedAddresses.V6(nh[..16]), DecodedAddresses.V6(nh[16..])),
            _ => (null, null),
        };
    }

    /// <summary>MP_UNREACH_NLRI (RFC 4760 4): AFI (2) | SAFI (1) | Withdrawn Routes.</summary>
    private BgpError? DecodeMpUnreach(ReadOnlySpan<byte> v, ReadOnlySpan<byte> whole)
    {
        if (v.Length < 3) return MpError(whole, $"MP_UNREACH_NLRI of {v.Length} octets is too short");
        var family = new AfiSafi((Afi)BinaryPrimitives.ReadUInt16BigEndian(v), (Safi)v[2]);
        var routes = v[3..];
        if (family.IsUnicastIp)
        {
            if (!NlriReader.TryRead(routes, family.Afi == Afi.Ipv6, _options.ReceivesPathId(family), out var withdrawn, out string? problem))
                return MpError(whole, $"MP_UNREACH_NLRI {family}: {problem}");
            MpUnreach = new MpUnreachNlri { Family = family, Withdrawn = withdrawn };
            return null;
        }
        MpUnreach = new MpUnreachNlri { Family = family, RawWithdrawn = [.. routes] };
        return null;
    }
}

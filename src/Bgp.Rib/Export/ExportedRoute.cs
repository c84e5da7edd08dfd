using System.Buffers;
using System.Collections.Immutable;
using System.Net;
using System.Runtime.InteropServices;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;

namespace Bgp.Rib.Export;

/// <summary>
/// One interned attribute set as it goes to peers: the path attributes after the export rules, the
/// family, and the next hop (in NEXT_HOP for IPv4, in MP_REACH_NLRI for IPv6 with an optional link-local
/// second address, RFC 2545 3). Obtained only from an <see cref="ExportInterner"/>, so prefixes that share
/// an export result share one instance and grouping them into one UPDATE is a reference comparison.
/// </summary>
public sealed class ExportedRoute
{
    [ThreadStatic] private static ArrayBufferWriter<byte>? s_probeBuffer;

    // FixedLength per options shape (index: 2 for 4-octet AS, 1 for ADD-PATH send), 16 bits each, all ones until
    // measured. Packed into the object rather than an int[4] beside it: that array cost 40 B per exported set,
    // and a full table has hundreds of thousands of sets (issue #7).
    private ulong _fixedLengths = ulong.MaxValue;

    /// <summary>
    /// <paramref name="mpNextHop"/> is the MP_REACH_NLRI next hop field for the key's next hops (empty for IPv4),
    /// shared with other sets of the same next hops (<see cref="ExportInterner"/>): immutable, so it is never
    /// written after sharing.
    /// </summary>
    internal ExportedRoute(in ExportKey key, ImmutableArray<byte> mpNextHop)
        : this(key, mpNextHop, ExportDerivation.None)
    {
    }

    /// <summary>
    /// A set whose attributes are <paramref name="key"/>'s; with a <paramref name="derivation"/> it keeps that instead
    /// and makes the attributes again when asked (<see cref="Attributes"/>), so the key's instance is not kept.
    /// </summary>
    internal ExportedRoute(in ExportKey key, ImmutableArray<byte> mpNextHop, in ExportDerivation derivation)
    {
        Afi = key.Afi;
        NextHop = key.NextHop;
        LinkLocalNextHop = key.LinkLocal;
        Hash = key.Hash;
        MpNextHop = mpNextHop;
        if (derivation.IsDerived)
        {
            _attributes = derivation.Source!;
            _prependAs = derivation.PrependAs;
            _derivedKeepMed = derivation.KeepMed;
            _derived = true;
            Remember(key.Attributes);
        }
        else
        {
            _attributes = key.Attributes;
        }
    }

    /// <summary>The MP_REACH_NLRI next hop field for these next hops (RFC 4760 3, RFC 2545 3), in a new array.</summary>
    internal static ImmutableArray<byte> EncodeMpNextHop(Afi afi, IPAddress? nextHop, IPAddress? linkLocal) =>
        afi == Afi.Ipv4 || nextHop is null ? [] : ImmutableCollectionsMarshal.AsImmutableArray(BgpEncoder.NextHopBytes(nextHop, linkLocal));

    public Afi Afi { get; }
    public AfiSafi Family => new(Afi, Safi.Unicast);
    /// <summary>
    /// The path attributes sent. A derived set (<see cref="IsDerived"/>) makes them again from its source set on a
    /// miss of a small process-wide cache (<see cref="ExportRules.ExternalAttributes"/>): equal values, not always the
    /// same instance, so compare them by value.
    /// </summary>
    public PathAttributes Attributes => _derived ? Materialize() : _attributes;

    /// <summary>True when the set keeps its source set and the external rewrite rather than attributes of its own.</summary>
    internal bool IsDerived => _derived;

    /// <summary>The attributes a derived set is made from (its Loc-RIB set's, usually the same instance); null when not derived.</summary>
    internal PathAttributes? DerivedFrom => _derived ? _attributes : null;

    // The attributes (explicit), or the source of a derived set; then also the AS in front and whether the MED stays.
    private readonly PathAttributes _attributes;
    private readonly uint _prependAs;
    private readonly bool _derived;
    private readonly bool _derivedKeepMed;

    // Derived sets' attributes made last, by the set's hash: the export policy asks right after the interner made
    // them, the packer's fixed-length probe and every UPDATE written for the set ask at the next drain. Bounded, so
    // the instances die young instead of living as long as the set (that was the point of deriving), and small:
    // whatever the table holds when a collection comes survives it. With 4,096 entries workload 2's collections
    // promoted 177-194 MB from gen0 and paused 409-485 ms; with 256, 150-168 MB and 380-393 ms (gc-collect traces,
    // bgpd alone, two rounds each), and the sets made again at the drain cost less than that.
    // One table for the process, not one per thread: the RIB loop is async and continues on any pool thread, and a
    // table per thread kept released sets and their attributes alive on each. An entry is an immutable object, so a
    // reader on another RIB's thread (tests run several) sees a whole pair or none; a slot's last writer wins.
    // Emptied when the RIB is idle (ExportInterner.TrimIdle).
    private static readonly MadeEntry?[] s_made = new MadeEntry?[MadeEntries];
    private const int MadeEntries = 256;

    private PathAttributes Materialize()
    {
        ref var slot = ref s_made[Hash & (MadeEntries - 1)];
        if (Volatile.Read(ref slot) is { } entry && ReferenceEquals(entry.Set, this)) return entry.Attributes;
        var made = ExportRules.ExternalAttributes(_attributes, _prependAs, Afi == Afi.Ipv4 ? NextHop : null, _derivedKeepMed);
        Remember(made);
        return made;
    }

    /// <summary>Puts this set's made attributes in its slot of the cache (the interner's, which are asked for next, or a miss's).</summary>
    private void Remember(PathAttributes made) => Volatile.Write(ref s_made[Hash & (MadeEntries - 1)], new MadeEntry(this, made));

    /// <summary>Empties the cache of made attributes, so that the next ask makes them again (RIB idle, tests).</summary>
    internal static void ForgetMadeAttributes() => Array.Clear(s_made);

    private sealed record MadeEntry(ExportedRoute Set, PathAttributes Attributes);
    public IPAddress? NextHop { get; }
    public IPAddress? LinkLocalNextHop { get; }

    /// <summary>The interner's hash of the set's values (<see cref="ExportKey.Hash"/>), computed once.</summary>
    internal int Hash { get; }

    /// <summary>
    /// The MP_REACH_NLRI next hop field; empty for IPv4 unicast, which uses NEXT_HOP. One array shared by the
    /// sets of the same next hops (one 40 B array per IPv6 set before: 51,700 in workload 2's heap, all equal).
    /// </summary>
    internal ImmutableArray<byte> MpNextHop { get; }

    /// <summary>
    /// The set's handle in its interner (<see cref="ExportInterner.SetAt"/>) while it is interned; -1 once it left.
    /// Fits beside the other small fields, so the object does not grow.
    /// </summary>
    internal int Handle { get; set; } = -1;

    /// <summary>References held by Adj-RIBs-Out (sent and pending entries) and by callers not done with it yet.</summary>
    internal int ReferenceCount { get; set; }

    /// <summary>
    /// The octets of an UPDATE carrying this set before any NLRI, exactly as <see cref="UpdatePacker"/>
    /// counts them (header, length fields, attributes and, for MP_REACH_NLRI, its 4-octet header, family,
    /// next hop and reserved octet). Measured by packing a single default route, because the packer does
    /// not expose the encoded attribute length. Only two options change these octets: 4-octet AS numbers
    /// (AS_PATH and AGGREGATOR width, RFC 6793 4) and ADD-PATH send (RFC 7911 3), so one figure is kept per
    /// combination. Every peer's options object is distinct, so caching per instance recomputed the figure
    /// whenever a route reflector's peers took turns.
    /// </summary>
    internal int FixedLength(CodecOptions options)
    {
        var family = Family;
        bool addPath = options.SendsPathId(family);
        int shape = (options.FourOctetAs ? 2 : 0) | (addPath ? 1 : 0);
        int known = (int)((_fixedLengths >> (16 * shape)) & 0xFFFF);
        if (known != 0xFFFF) return known;
        var probe = new Nlri(Afi == Afi.Ipv4 ? Prefix.V4(0, 0) : Prefix.V6(0, 0, 0));
        // One probe buffer per thread (the RIB has a single writer); a set is measured once per shape.
        var buffer = s_probeBuffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        UpdatePacker.WriteAnnouncements(buffer, family, Attributes, new ReadOnlySpan<Nlri>(in probe), MpNextHop.AsSpan(), options);
        int nlriSize = addPath ? 5 : 1;
        // With one short route the MP_REACH_NLRI header is 3 octets; the packer plans for 4.
        int length = buffer.WrittenCount - nlriSize + (MpNextHop.Length == 0 ? 0 : 1);
        // An UPDATE is at most 65,535 octets (RFC 8654), so a fixed part always fits in 16 bits below the marker.
        _fixedLengths = (_fixedLengths & ~(0xFFFFUL << (16 * shape))) | ((ulong)(uint)length << (16 * shape));
        return length;
    }

    public override string ToString() => $"{Family} {Attributes.AsPath} via {NextHop}";
}

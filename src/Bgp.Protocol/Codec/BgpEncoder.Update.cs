using System.Net;
using System.Net.Sockets;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Messages;

namespace Bgp.Protocol.Codec;

public static partial class BgpEncoder
{
    /// <summary>
    /// UPDATE body (RFC 4271 4.3). MP_REACH_NLRI and MP_UNREACH_NLRI go first (RFC 7606 5.1), the rest in
    /// type-code order. Towards a 2-octet peer, AS numbers above 65535 become AS_TRANS and AS4_PATH /
    /// AS4_AGGREGATOR carry the real ones (RFC 6793 4.2.2).
    /// </summary>
    private static void WriteUpdateBody(ref SpanWriter w, UpdateMessage u, CodecOptions o)
    {
        bool addPath4 = o.SendsPathId(AfiSafi.Ipv4Unicast);
        int wAt = w.Reserve(2);
        int wStart = w.Position;
        foreach (var n in u.Withdrawn) w.Nlri(n, addPath4);
        w.PatchUInt16(wAt, w.Position - wStart);

        int aAt = w.Reserve(2);
        int aStart = w.Position;
        if (u.MpReach is not null) WriteMpReach(ref w, u.MpReach, u.MpReach.Nlri.AsSpan(), o);
        if (u.MpUnreach is not null) WriteMpUnreach(ref w, u.MpUnreach.Family, u.MpUnreach.Withdrawn.AsSpan(), u.MpUnreach.RawWithdrawn.AsSpan(), o);
        WriteAttributes(ref w, u.Attributes, o);
        w.PatchUInt16(aAt, w.Position - aStart);

        foreach (var n in u.Nlri) w.Nlri(n, addPath4);
    }

    /// <summary>Writes an attribute header with the extended-length flag when the value needs it; returns where the length goes.</summary>
    private static int BeginAttribute(ref SpanWriter w, AttributeFlags flags, AttributeType type, int valueLength) =>
        BeginAttribute(ref w, flags, (byte)type, valueLength);

    private static int BeginAttribute(ref SpanWriter w, AttributeFlags flags, byte type, int valueLength)
    {
        bool ext = valueLength > 255;
        w.Byte((byte)((flags & ~AttributeFlags.ExtendedLength) | (ext ? AttributeFlags.ExtendedLength : 0)));
        w.Byte(type);
        if (ext) w.UInt16(valueLength);
        else w.Byte((byte)valueLength);
        return w.Position;
    }

    private const AttributeFlags WellKnown = AttributeFlags.Transitive;
    private const AttributeFlags OptTrans = AttributeFlags.Optional | AttributeFlags.Transitive;
    private const AttributeFlags OptNonTrans = AttributeFlags.Optional;

    /// <summary>Every attribute of the set except the MP ones, in type-code order.</summary>
    internal static void WriteAttributes(ref SpanWriter w, PathAttributes a, CodecOptions o)
    {
        if (a.Origin is { } origin)
        {
            BeginAttribute(ref w, WellKnown, AttributeType.Origin, 1);
            w.Byte((byte)origin);
        }

        bool needAs4Path = false;
        if (a.AsPath is { } path)
        {
            int asSize = o.FourOctetAs ? 4 : 2;
            BeginAttribute(ref w, WellKnown, AttributeType.AsPath, AsPathSize(path, asSize, includeConfed: true));
            WriteAsPath(ref w, path, asSize, includeConfed: true, out needAs4Path);
            needAs4Path &= !o.FourOctetAs;
        }

        if (a.NextHop is { } nh && nh.AddressFamily == AddressFamily.InterNetwork)
        {
            BeginAttribute(ref w, WellKnown, AttributeType.NextHop, 4);
            Span<byte> b = stackalloc byte[4];
            nh.TryWriteBytes(b, out _);
            w.Bytes(b);
        }

        if (a.MultiExitDisc is { } med)
        {
            BeginAttribute(ref w, OptNonTrans, AttributeType.MultiExitDisc, 4);
            w.UInt32(med);
        }

        if (a.LocalPref is { } lp)
        {
            BeginAttribute(ref w, WellKnown, AttributeType.LocalPref, 4);
            w.UInt32(lp);
        }

        if (a.AtomicAggregate) BeginAttribute(ref w, WellKnown, AttributeType.AtomicAggregate, 0);

        bool needAs4Aggregator = false;
        if (a.Aggregator is { } agg)
        {
            if (o.FourOctetAs)
            {
                BeginAttribute(ref w, OptTrans, AttributeType.Aggregator, 8);
                w.UInt32(agg.Asn);
            }
            else
            {
                BeginAttribute(ref w, OptTrans, AttributeType.Aggregator, 6);
                needAs4Aggregator = agg.Asn > ushort.MaxValue;
                w.UInt16(needAs4Aggregator ? BgpConstants.AsTrans : (ushort)agg.Asn);
            }
            w.UInt32(agg.Address);
        }

        if (a.Communities.Length > 0)
        {
            BeginAttribute(ref w, OptTrans, AttributeType.Communities, a.Communities.Length * 4);
            foreach (uint c in a.Communities) w.UInt32(c);
        }

        if (a.OriginatorId is { } oid)
        {
            BeginAttribute(ref w, OptNonTrans, AttributeType.OriginatorId, 4);
            w.UInt32(oid);
        }

        if (a.ClusterList.Length > 0)
        {
            BeginAttribute(ref w, OptNonTrans, AttributeType.ClusterList, a.ClusterList.Length * 4);
            foreach (uint c in a.ClusterList) w.UInt32(c);
        }

        if (a.ExtendedCommunities.Length > 0)
        {
            BeginAttribute(ref w, OptTrans, AttributeType.ExtendedCommunities, a.ExtendedCommunities.Length * 8);
            foreach (var c in a.ExtendedCommunities) w.UInt64(c.Value);
        }

        // AS4_PATH: as received when the set carries one, else made here for a 2-octet peer (RFC 6793 4.2.2),
        // without confederation segments.
        var as4Path = a.As4Path ?? (needAs4Path ? a.AsPath : null);
        if (as4Path is not null)
        {
            bool confed = a.As4Path is not null;
            BeginAttribute(ref w, OptTrans, AttributeType.As4Path, AsPathSize(as4Path, 4, confed));
            WriteAsPath(ref w, as4Path, 4, confed, out _);
        }

        var as4Agg = a.As4Aggregator ?? (needAs4Aggregator ? a.Aggregator : null);
        if (as4Agg is { } a4)
        {
            BeginAttribute(ref w, OptTrans, AttributeType.As4Aggregator, 8);
            w.UInt32(a4.Asn);
            w.UInt32(a4.Address);
        }

        if (a.LargeCommunities.Length > 0)
        {
            BeginAttribute(ref w, OptTrans, AttributeType.LargeCommunity, a.LargeCommunities.Length * 12);
            foreach (var c in a.LargeCommunities)
            {
                w.UInt32(c.GlobalAdministrator);
                w.UInt32(c.LocalData1);
                w.UInt32(c.LocalData2);
            }
        }

        if (a.OnlyToCustomer is { } otc)
        {
            BeginAttribute(ref w, OptTrans, AttributeType.OnlyToCustomer, 4);
            w.UInt32(otc);
        }

        foreach (var raw in a.Unknown)
        {
            BeginAttribute(ref w, raw.Flags, raw.TypeCode, raw.Value.Length);
            w.Bytes(raw.Value.AsSpan());
        }
    }

    private static int AsPathSize(AsPath path, int asSize, bool includeConfed)
    {
        int size = 0;
        foreach (var s in path.EnumerateSegments())
        {
            if (!includeConfed && s.IsConfederation) continue;
            int n = s.Asns.Length;
            // A segment holds at most 255 ASes; longer ones are split (RFC 4271 5.1.2 makes no limit on the path).
            size += (n + 254) / 255 * 2 + n * asSize;
        }
        return size;
    }

    private static void WriteAsPath(ref SpanWriter w, AsPath path, int asSize, bool includeConfed, out bool hasWideAs)
    {
        hasWideAs = false;
        foreach (var s in path.EnumerateSegments())
        {
            if (!includeConfed && s.IsConfederation) continue;
            var asns = s.Asns;
            while (asns.Length > 0)
            {
                int n = Math.Min(asns.Length, 255);
                w.Byte((byte)s.Type);
                w.Byte((byte)n);
                foreach (uint asn in asns[..n])
                {
                    if (asSize == 4) w.UInt32(asn);
                    else
                    {
                        bool wide = asn > ushort.MaxValue;
                        hasWideAs |= wide;
                        w.UInt16(wide ? BgpConstants.AsTrans : (ushort)asn);
                    }
                }
                asns = asns[n..];
            }
        }
    }

    /// <summary>MP_REACH_NLRI (RFC 4760 3) for the given routes; raw NLRI of other families is copied as it is.</summary>
    internal static void WriteMpReach(ref SpanWriter w, MpReachNlri mp, ReadOnlySpan<Nlri> routes, CodecOptions o)
    {
        bool addPath = o.SendsPathId(mp.Family);
        int size = 5 + mp.NextHopBytes.Length + mp.RawNlri.Length;
        foreach (ref readonly var n in routes) size += SpanWriter.NlriSize(n, addPath);
        BeginAttribute(ref w, OptNonTrans, AttributeType.MpReachNlri, size);
        WriteFamily(ref w, mp.Family);
        w.Byte((byte)mp.NextHopBytes.Length);
        w.Bytes(mp.NextHopBytes.AsSpan());
        w.Byte(0);
        foreach (ref readonly var n in routes) w.Nlri(n, addPath);
        w.Bytes(mp.RawNlri.AsSpan());
    }

    /// <summary>MP_UNREACH_NLRI (RFC 4760 4).</summary>
    internal static void WriteMpUnreach(ref SpanWriter w, AfiSafi family, ReadOnlySpan<Nlri> routes, ReadOnlySpan<byte> raw, CodecOptions o)
    {
        bool addPath = o.SendsPathId(family);
        int size = 3 + raw.Length;
        foreach (ref readonly var n in routes) size += SpanWriter.NlriSize(n, addPath);
        BeginAttribute(ref w, OptNonTrans, AttributeType.MpUnreachNlri, size);
        WriteFamily(ref w, family);
        foreach (ref readonly var n in routes) w.Nlri(n, addPath);
        w.Bytes(raw);
    }

    /// <summary>The next hop field of MP_REACH_NLRI: one address, or IPv6 global + link-local (RFC 2545 3).</summary>
    public static byte[] NextHopBytes(IPAddress nextHop, IPAddress? linkLocal = null)
    {
        byte[] first = nextHop.GetAddressBytes();
        if (linkLocal is null) return first;
        byte[] second = linkLocal.GetAddressBytes();
        return [.. first, .. second];
    }
}

using System.Buffers;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Messages;

namespace Bgp.Protocol.Codec;

/// <summary>
/// Packs many routes into as few UPDATEs as fit the session's maximum length. The attribute set is
/// encoded once and copied into every message; routes are written straight into the output, with no
/// intermediate message objects. IPv4 unicast with an IPv4 next hop uses the NLRI field; every other
/// case (IPv6, or IPv4 over an IPv6 next hop, RFC 8950) uses MP_REACH_NLRI.
/// </summary>
public static class UpdatePacker
{
    /// <summary>
    /// Writes UPDATEs announcing <paramref name="routes"/> with <paramref name="attributes"/>; returns how
    /// many messages were written. <paramref name="mpNextHop"/> is the MP_REACH_NLRI next hop field
    /// (see <see cref="BgpEncoder.NextHopBytes"/>); leave it empty for IPv4 unicast over NEXT_HOP.
    /// </summary>
    public static int WriteAnnouncements(IBufferWriter<byte> output, AfiSafi family, PathAttributes attributes,
        ReadOnlySpan<Nlri> routes, ReadOnlySpan<byte> mpNextHop, CodecOptions options)
    {
        if (routes.IsEmpty) return 0;
        int max = options.MaxMessageLength;
        byte[] scratch = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var aw = new SpanWriter(scratch.AsSpan(0, max));
            BgpEncoder.WriteAttributes(ref aw, attributes, options);
            if (aw.Overflow) throw new ArgumentException("the attribute set alone does not fit in a message", nameof(attributes));
            int attrLen = aw.Position;
            bool classic = family == AfiSafi.Ipv4Unicast && mpNextHop.IsEmpty;
            if (!classic && mpNextHop.IsEmpty) throw new ArgumentException($"{family} needs an MP_REACH_NLRI next hop", nameof(mpNextHop));
            bool addPath = options.SendsPathId(family);
            // Fixed part: header, the two length fields, the attributes and, for MP, the MP_REACH_NLRI
            // header (4 octets, extended length assumed), AFI/SAFI, next hop length, next hop, reserved.
            int fixedLen = BgpConstants.HeaderLength + 4 + attrLen + (classic ? 0 : 4 + 5 + mpNextHop.Length);
            int room = max - fixedLen;
            int messages = 0;
            while (!routes.IsEmpty)
            {
                int take = CountFitting(routes, addPath, room, out int used);
                if (take == 0) throw new ArgumentException("the attribute set leaves no room for a single route", nameof(attributes));
                WriteOne(output, family, scratch.AsSpan(0, attrLen), routes[..take], mpNextHop, classic, addPath, fixedLen + used);
                routes = routes[take..];
                messages++;
            }
            return messages;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static void WriteOne(IBufferWriter<byte> output, AfiSafi family, ReadOnlySpan<byte> attrs, ReadOnlySpan<Nlri> routes,
        ReadOnlySpan<byte> mpNextHop, bool classic, bool addPath, int sizeHint)
    {
        var w = new SpanWriter(output.GetSpan(sizeHint)[..sizeHint]);
        int lengthAt = BgpEncoder.WriteHeader(ref w, MessageType.Update);
        w.UInt16(0);
        int aAt = w.Reserve(2);
        int aStart = w.Position;
        if (!classic)
        {
            int nlriLen = 0;
            foreach (ref readonly var n in routes) nlriLen += SpanWriter.NlriSize(n, addPath);
            int valueLen = 5 + mpNextHop.Length + nlriLen;
            bool ext = valueLen > 255;
            w.Byte((byte)(AttributeFlags.Optional | (ext ? AttributeFlags.ExtendedLength : 0)));
            w.Byte((byte)AttributeType.MpReachNlri);
            if (ext) w.UInt16(valueLen);
            else w.Byte((byte)valueLen);
            w.UInt16((ushort)family.Afi);
            w.Byte((byte)family.Safi);
            w.Byte((byte)mpNextHop.Length);
            w.Bytes(mpNextHop);
            w.Byte(0);
            foreach (ref readonly var n in routes) w.Nlri(n, addPath);
        }
        w.Bytes(attrs);
        w.PatchUInt16(aAt, w.Position - aStart);
        if (classic)
            foreach (ref readonly var n in routes) w.Nlri(n, addPath);
        if (w.Overflow) throw new InvalidOperationException("UPDATE size was miscounted");
        w.PatchUInt16(lengthAt, w.Position);
        output.Advance(w.Position);
    }

    /// <summary>Writes UPDATEs withdrawing <paramref name="routes"/>; returns how many messages were written.</summary>
    public static int WriteWithdrawals(IBufferWriter<byte> output, AfiSafi family, ReadOnlySpan<Nlri> routes, CodecOptions options)
    {
        if (routes.IsEmpty) return 0;
        int max = options.MaxMessageLength;
        bool classic = family == AfiSafi.Ipv4Unicast;
        bool addPath = options.SendsPathId(family);
        // Header, two length fields, and for MP the attribute header (4) plus AFI/SAFI (3).
        int fixedLen = BgpConstants.HeaderLength + 4 + (classic ? 0 : 7);
        int room = max - fixedLen;
        int messages = 0;
        while (!routes.IsEmpty)
        {
            int take = CountFitting(routes, addPath, room, out int used);
            var chunk = routes[..take];
            int sizeHint = fixedLen + used;
            var w = new SpanWriter(output.GetSpan(sizeHint)[..sizeHint]);
            int lengthAt = BgpEncoder.WriteHeader(ref w, MessageType.Update);
            if (classic)
            {
                w.UInt16(used);
                foreach (ref readonly var n in chunk) w.Nlri(n, addPath);
                w.UInt16(0);
            }
            else
            {
                w.UInt16(0);
                int aAt = w.Reserve(2);
                int aStart = w.Position;
                BgpEncoder.WriteMpUnreach(ref w, family, chunk, [], options);
                w.PatchUInt16(aAt, w.Position - aStart);
            }
            if (w.Overflow) throw new InvalidOperationException("UPDATE size was miscounted");
            w.PatchUInt16(lengthAt, w.Position);
            output.Advance(w.Position);
            routes = routes[take..];
            messages++;
        }
        return messages;
    }

    /// <summary>How many routes from the front fit in <paramref name="room"/> octets, and how many octets they take.</summary>
    private static int CountFitting(ReadOnlySpan<Nlri> routes, bool addPath, int room, out int used)
    {
        int take = 0;
        used = 0;
        while (take < routes.Length)
        {
            int size = SpanWriter.NlriSize(routes[take], addPath);
            if (used + size > room) break;
            used += size;
            take++;
        }
        return take;
    }
}

using System.Buffers.Binary;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;

namespace Bgp.Load;

/// <summary>
/// Finds the prefix fields of one UPDATE (RFC 4271 4.3: withdrawn routes, path attributes, NLRI; RFC 4760
/// MP_REACH_NLRI / MP_UNREACH_NLRI for IPv4 and IPv6 unicast) in its octets, checks every prefix run's
/// syntax as <see cref="NlriReader"/> does, and builds the key under which <see cref="AttributeVerdicts"/>
/// keeps what the decoder said about the attributes: a flag octet (NLRI present, MP_REACH NLRI present:
/// RFC 7606 3 d makes the missing-attribute checks depend on them), then every attribute whole except the
/// two MP ones, of which only flags, type, AFI, SAFI and next hop length go in, and NEXT_HOP, whose
/// address stays out. Anything else (no
/// prefixes at all, as in End-of-RIB; another family; a repeated MP attribute; a length that does not add
/// up) leaves <see cref="Ok"/> false and the caller decodes the message.
/// </summary>
public ref struct UpdateWalker
{
    public bool Ok;
    public ReadOnlySpan<byte> Withdrawn;
    public ReadOnlySpan<byte> Nlri;
    public ReadOnlySpan<byte> Reach;
    public bool Reach6;
    public bool HasReach;
    public ReadOnlySpan<byte> Unreach;
    public bool Unreach6;
    public bool HasUnreach;
    public int WithdrawnCount, NlriCount, ReachCount, UnreachCount;
    public ReadOnlySpan<byte> Key;

    /// <summary>Walks <paramref name="message"/> (header included); <paramref name="scratch"/> holds the key and grows as needed.</summary>
    public UpdateWalker(ReadOnlySpan<byte> message, ref byte[] scratch)
    {
        Ok = false;
        if (message.Length < BgpConstants.HeaderLength + 4 || message[18] != 2) return;
        for (int i = 0; i < 16; i++)
            if (message[i] != 0xFF) return;
        if (BinaryPrimitives.ReadUInt16BigEndian(message[16..]) != message.Length) return;
        var body = message[BgpConstants.HeaderLength..];
        int wl = BinaryPrimitives.ReadUInt16BigEndian(body);
        if (2 + wl + 2 > body.Length) return;
        Withdrawn = body.Slice(2, wl);
        int al = BinaryPrimitives.ReadUInt16BigEndian(body[(2 + wl)..]);
        if (4 + wl + al > body.Length) return;
        var attrs = body.Slice(4 + wl, al);
        Nlri = body[(4 + wl + al)..];
        if (!NlriReader.TryCount(Withdrawn, false, false, out WithdrawnCount, out _)) return;
        if (!NlriReader.TryCount(Nlri, false, false, out NlriCount, out _)) return;

        if (scratch.Length < al + 1) scratch = new byte[Math.Max(al + 1, scratch.Length * 2)];
        var key = scratch.AsSpan();
        int k = 1;
        while (attrs.Length > 0)
        {
            if (attrs.Length < 3) return;
            byte flags = attrs[0];
            byte type = attrs[1];
            bool ext = (flags & (byte)AttributeFlags.ExtendedLength) != 0;
            int hdr = ext ? 4 : 3;
            if (attrs.Length < hdr) return;
            int len = ext ? BinaryPrimitives.ReadUInt16BigEndian(attrs[2..]) : attrs[2];
            if (hdr + len > attrs.Length) return;
            var value = attrs.Slice(hdr, len);
            if (type == (byte)AttributeType.MpReachNlri)
            {
                // AFI (2) | SAFI (1) | Next Hop Length (1) | Next Hop | Reserved (1) | NLRI
                if (HasReach || len < 5 || !Family(value, out Reach6)) return;
                int head = 5 + value[3];
                if (head > len) return;
                Reach = value[head..];
                if (!NlriReader.TryCount(Reach, Reach6, false, out ReachCount, out _)) return;
                HasReach = true;
                // For IPv4/IPv6 unicast the decoder checks the next hop's length, not its octets nor the
                // reserved one: AFI, SAFI and length go in, the addresses stay out (as NEXT_HOP's do).
                key[k++] = flags;
                key[k++] = type;
                value[..4].CopyTo(key[k..]);
                k += 4;
            }
            else if (type == (byte)AttributeType.MpUnreachNlri)
            {
                // AFI (2) | SAFI (1) | Withdrawn Routes
                if (HasUnreach || len < 3 || !Family(value, out Unreach6)) return;
                Unreach = value[3..];
                if (!NlriReader.TryCount(Unreach, Unreach6, false, out UnreachCount, out _)) return;
                HasUnreach = true;
                key[k++] = flags;
                key[k++] = type;
                value[..3].CopyTo(key[k..]);
                k += 3;
            }
            else if (type == (byte)AttributeType.NextHop && len == 4)
            {
                // The decoder checks NEXT_HOP's length only, never its value: leave the address out, so the
                // sessions of one process (each with its own next hop from the generator) share verdicts.
                attrs[..hdr].CopyTo(key[k..]);
                k += hdr;
            }
            else
            {
                attrs[..(hdr + len)].CopyTo(key[k..]);
                k += hdr + len;
            }
            attrs = attrs[(hdr + len)..];
        }
        if (WithdrawnCount + NlriCount + ReachCount + UnreachCount == 0) return;
        key[0] = (byte)((NlriCount > 0 ? 1 : 0) | (ReachCount > 0 ? 2 : 0));
        Key = key[..k];
        Ok = true;
    }

    /// <summary>True when the decoder read <paramref name="u"/> the way this walk did: same prefix counts in
    /// the same fields and families, so a verdict taken from <paramref name="u"/> may stand for the walk.</summary>
    public readonly bool SameShape(UpdateMessage u) =>
        Ok && u.Withdrawn.Length == WithdrawnCount && u.Nlri.Length == NlriCount
        && (u.MpReach is { } r
            ? HasReach && r.Family == (Reach6 ? AfiSafi.Ipv6Unicast : AfiSafi.Ipv4Unicast) && r.Nlri.Length == ReachCount
            : !HasReach)
        && (u.MpUnreach is { } w
            ? HasUnreach && w.Family == (Unreach6 ? AfiSafi.Ipv6Unicast : AfiSafi.Ipv4Unicast) && w.Withdrawn.Length == UnreachCount
            : !HasUnreach);

    private static bool Family(ReadOnlySpan<byte> value, out bool ipv6)
    {
        ushort afi = BinaryPrimitives.ReadUInt16BigEndian(value);
        ipv6 = afi == 2;
        return value[2] == 1 && afi is 1 or 2;
    }
}

using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;
using Bgp.Protocol.Codec;

namespace Bgp.Protocol.Mrt;

internal sealed partial class MrtDecoder
{
    // RFC 6396 4.3.4: "the AS_PATH attribute ... MUST be encoded as 4-byte AS numbers" in RIB entries.
    private static readonly CodecOptions RibOptions = CodecOptions.FourOctet;

    private PeerIndexTable? _peerIndex;

    private MrtRecord DecodeTableDumpV2(MrtHeader header, ReadOnlySpan<byte> body)
    {
        switch ((TableDumpV2Subtype)header.Subtype)
        {
            case TableDumpV2Subtype.PeerIndexTable:
                return DecodePeerIndexTable(header, body);
            case TableDumpV2Subtype.RibIpv4Unicast: return DecodeRib(header, body, AfiSafi.Ipv4Unicast, false);
            case TableDumpV2Subtype.RibIpv4Multicast: return DecodeRib(header, body, new AfiSafi(Afi.Ipv4, Safi.Multicast), false);
            case TableDumpV2Subtype.RibIpv6Unicast: return DecodeRib(header, body, AfiSafi.Ipv6Unicast, false);
            case TableDumpV2Subtype.RibIpv6Multicast: return DecodeRib(header, body, new AfiSafi(Afi.Ipv6, Safi.Multicast), false);
            case TableDumpV2Subtype.RibIpv4UnicastAddPath: return DecodeRib(header, body, AfiSafi.Ipv4Unicast, true);
            case TableDumpV2Subtype.RibIpv4MulticastAddPath: return DecodeRib(header, body, new AfiSafi(Afi.Ipv4, Safi.Multicast), true);
            case TableDumpV2Subtype.RibIpv6UnicastAddPath: return DecodeRib(header, body, AfiSafi.Ipv6Unicast, true);
            case TableDumpV2Subtype.RibIpv6MulticastAddPath: return DecodeRib(header, body, new AfiSafi(Afi.Ipv6, Safi.Multicast), true);
            case TableDumpV2Subtype.RibGeneric: return DecodeRib(header, body, null, false);
            case TableDumpV2Subtype.RibGenericAddPath: return DecodeRib(header, body, null, true);
            default: return Unknown(header, body);
        }
    }

    /// <summary>PEER_INDEX_TABLE (RFC 6396 4.3.1); see <see cref="PeerIndexTable"/> for the layout.</summary>
    private MrtRecord DecodePeerIndexTable(MrtHeader header, ReadOnlySpan<byte> body)
    {
        var r = new MrtSpanReader(body);
        if (!r.TryU32(out uint collector) || !r.TryU16(out ushort nameLength) || !r.TryBytes(nameLength, out var name)
            || !r.TryU16(out ushort count))
            return Malformed(header, "PEER_INDEX_TABLE header is cut short");
        // Each peer entry is at least 11 octets: check the count against the bytes before sizing anything.
        if (count * 11 > r.Remaining)
            return Malformed(header, $"PEER_INDEX_TABLE claims {count} peers in {r.Remaining} octets");
        var peers = ImmutableArray.CreateBuilder<MrtPeer>(count);
        for (int i = 0; i < count; i++)
        {
            if (!r.TryU8(out byte peerType) || !r.TryU32(out uint bgpId) || !r.TryAddress((peerType & 1) != 0, out var address))
                return Malformed(header, $"PEER_INDEX_TABLE peer {i} is cut short");
            uint asn;
            if ((peerType & 2) != 0)
            {
                if (!r.TryU32(out asn)) return Malformed(header, $"PEER_INDEX_TABLE peer {i} is cut short");
            }
            else
            {
                if (!r.TryU16(out ushort as2)) return Malformed(header, $"PEER_INDEX_TABLE peer {i} is cut short");
                asn = as2;
            }
            peers.Add(new MrtPeer(bgpId, address!, asn));
        }
        var table = new PeerIndexTable
        {
            Header = header,
            CollectorBgpId = collector,
            ViewName = Encoding.UTF8.GetString(name),
            Peers = peers.MoveToImmutable(),
        };
        _peerIndex = table;
        return table;
    }

    /// <summary>
    /// RIB_AFI_SAFI (RFC 6396 4.3.2) and RIB_GENERIC (4.3.3) records, with RFC 8050 path identifiers in
    /// the entries of the ADDPATH subtypes. <paramref name="family"/> is null for RIB_GENERIC (read from the body).
    /// </summary>
    private MrtRecord DecodeRib(MrtHeader header, ReadOnlySpan<byte> body, AfiSafi? family, bool addPath)
    {
        var r = new MrtSpanReader(body);
        if (!r.TryU32(out uint sequence)) return Malformed(header, "RIB record is cut short before its sequence number");
        AfiSafi fam;
        if (family is { } f)
        {
            fam = f;
        }
        else
        {
            if (!r.TryU16(out ushort afi) || !r.TryU8(out byte safi)) return Malformed(header, "RIB_GENERIC is cut short before its AFI/SAFI");
            fam = new AfiSafi((Afi)afi, (Safi)safi);
        }

        // The one NLRI: a length in bits and that many bits, rounded up to octets. For labelled and VPN
        // families the length covers the labels and RD too (RFC 8277 2, RFC 4364 4.3.4), so this framing holds.
        if (!r.TryU8(out byte bits)) return Malformed(header, "RIB record is cut short before its prefix");
        if (!r.TryBytes((bits + 7) >> 3, out var prefixBytes)) return Malformed(header, $"prefix of {bits} bits runs past the record");
        Prefix? prefix = null;
        ImmutableArray<byte> raw = [];
        bool plain = fam.Afi is Afi.Ipv4 or Afi.Ipv6 && fam.Safi is Safi.Unicast or Safi.Multicast;
        if (plain)
        {
            int max = fam.Afi == Afi.Ipv6 ? 128 : 32;
            if (bits > max) return Malformed(header, $"prefix length {bits} is longer than {max}");
            prefix = Prefix.FromNlriBytes(fam.Afi == Afi.Ipv6, bits, prefixBytes);
        }
        else
        {
            var all = new byte[1 + prefixBytes.Length];
            all[0] = bits;
            prefixBytes.CopyTo(all.AsSpan(1));
            raw = ImmutableCollectionsMarshal.AsImmutableArray(all);
        }

        if (!r.TryU16(out ushort count)) return Malformed(header, "RIB record is cut short before its entry count");
        // Each entry is at least 8 octets (12 with a path identifier).
        if (count * (addPath ? 12 : 8) > r.Remaining)
            return Malformed(header, $"RIB record claims {count} entries in {r.Remaining} octets");
        var entries = ImmutableArray.CreateBuilder<RibEntry>(count);
        for (int i = 0; i < count; i++)
        {
            uint pathId = 0;
            if (!r.TryU16(out ushort peerIndex) || !r.TryU32(out uint originated) || (addPath && !r.TryU32(out pathId))
                || !r.TryU16(out ushort attrLength))
                return Malformed(header, $"RIB entry {i} is cut short");
            if (!r.TryBytes(attrLength, out var attrs))
                return Malformed(header, $"RIB entry {i}: attribute length {attrLength} runs past the record");
            var peers = _peerIndex?.Peers ?? [];
            entries.Add(new RibEntry
            {
                PeerIndex = peerIndex,
                Peer = peerIndex < peers.Length ? peers[peerIndex] : null,
                OriginatedTime = originated,
                PathId = pathId,
                Attributes = BgpDecoder.DecodeAttributes(attrs, RibOptions, fam),
            });
        }
        return new RibRecord
        {
            Header = header,
            SequenceNumber = sequence,
            Family = fam,
            AddPath = addPath,
            Prefix = prefix,
            RawNlri = raw,
            Entries = entries.MoveToImmutable(),
        };
    }
}

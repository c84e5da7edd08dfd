using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;

namespace Bgp.Protocol.Codec;

public static partial class BgpDecoder
{
    /// <summary>
    /// OPEN (RFC 4271 4.2, RFC 9072 for the extended parameter length):
    /// <code>
    ///  Version (1) | My AS (2) | Hold Time (2) | BGP Identifier (4) | Opt Parm Len (1) | Optional Parameters
    ///  RFC 9072: Opt Parm Len = 255, Non-Ext OP Type = 255, Extended Opt. Parm. Length (2),
    ///            then parameters as Type (1) | Length (2) | Value
    /// </code>
    /// Errors (RFC 4271 6.2): version other than 4 is 2/1 with our version as data; hold time 1 or 2 is
    /// 2/6; BGP identifier 0 is 2/3 (RFC 6286); AS 0 is 2/2 (RFC 7607); a parameter other than
    /// Capabilities is 2/4; lengths that do not add up are 2/0.
    /// </summary>
    private static DecodeResult DecodeOpen(ReadOnlySpan<byte> body)
    {
        byte version = body[0];
        if (version != BgpConstants.Version)
            return BgpError.Open(OpenMessageErrorSubcode.UnsupportedVersionNumber, [0, BgpConstants.Version], $"version {version} is not supported; we speak 4");
        ushort myAs = BinaryPrimitives.ReadUInt16BigEndian(body[1..]);
        ushort holdTime = BinaryPrimitives.ReadUInt16BigEndian(body[3..]);
        uint bgpId = BinaryPrimitives.ReadUInt32BigEndian(body[5..]);
        int optLen = body[9];
        var rest = body[10..];
        bool extended = false;
        if (optLen == 255 && rest.Length >= 3 && rest[0] == 255)
        {
            // RFC 9072 2: the real length follows in two octets, and every parameter has a 2-octet length.
            extended = true;
            optLen = BinaryPrimitives.ReadUInt16BigEndian(rest[1..]);
            rest = rest[3..];
        }
        if (optLen != rest.Length)
            return BgpError.Open(OpenMessageErrorSubcode.Unspecific, [],
                $"optional parameters length {optLen} does not match the {rest.Length} octets that follow");
        if (myAs == 0)
            return BgpError.Open(OpenMessageErrorSubcode.BadPeerAs, [0, 0], "My Autonomous System is 0 (RFC 7607)");
        if (holdTime is 1 or 2)
            return BgpError.Open(OpenMessageErrorSubcode.UnacceptableHoldTime, [], $"hold time {holdTime} s is neither 0 nor at least 3");
        if (bgpId == 0)
            return BgpError.Open(OpenMessageErrorSubcode.BadBgpIdentifier, [], "BGP identifier is 0.0.0.0");

        var caps = ImmutableArray.CreateBuilder<Capability>();
        int headerLen = extended ? 3 : 2;
        while (rest.Length > 0)
        {
            if (rest.Length < headerLen)
                return BgpError.Open(OpenMessageErrorSubcode.Unspecific, [], "optional parameter header is cut short");
            byte paramType = rest[0];
            int paramLen = extended ? BinaryPrimitives.ReadUInt16BigEndian(rest[1..]) : rest[1];
            if (headerLen + paramLen > rest.Length)
                return BgpError.Open(OpenMessageErrorSubcode.Unspecific, [], $"optional parameter {paramType} of {paramLen} octets runs past the message");
            var value = rest.Slice(headerLen, paramLen);
            rest = rest[(headerLen + paramLen)..];
            if (paramType != 2)
                return BgpError.Open(OpenMessageErrorSubcode.UnsupportedOptionalParameter, [],
                    $"optional parameter type {paramType} is not supported (only Capabilities, type 2)");
            var error = DecodeCapabilities(value, caps);
            if (error is not null) return error;
        }

        foreach (var c in caps)
        {
            if (c is FourOctetAsCapability { Asn: 0 })
                return BgpError.Open(OpenMessageErrorSubcode.BadPeerAs, [0, 0], "4-octet AS capability carries AS 0 (RFC 7607)");
        }

        return DecodeResult.Ok(new OpenMessage
        {
            Version = version,
            MyAs = myAs,
            HoldTime = holdTime,
            BgpIdentifier = bgpId,
            Capabilities = caps.DrainToImmutable(),
            ExtendedOptionalParameters = extended,
        });
    }

    /// <summary>Capability TLVs of one Capabilities parameter (RFC 5492 4): Code (1) | Length (1) | Value.</summary>
    private static BgpError? DecodeCapabilities(ReadOnlySpan<byte> data, ImmutableArray<Capability>.Builder into)
    {
        while (data.Length > 0)
        {
            if (data.Length < 2)
                return BgpError.Open(OpenMessageErrorSubcode.Unspecific, [], "capability header is cut short");
            byte code = data[0];
            int len = data[1];
            if (2 + len > data.Length)
                return BgpError.Open(OpenMessageErrorSubcode.Unspecific, [], $"capability {code} of {len} octets runs past its parameter");
            var value = data.Slice(2, len);
            data = data[(2 + len)..];
            var cap = DecodeCapability(code, value);
            if (cap is null)
                return BgpError.Open(OpenMessageErrorSubcode.Unspecific, [], $"capability {code} has a malformed value of {len} octets");
            into.Add(cap);
        }
        return null;
    }

    private static AfiSafi ReadFamily(ReadOnlySpan<byte> afi2safi1) =>
        new((Afi)BinaryPrimitives.ReadUInt16BigEndian(afi2safi1), (Safi)afi2safi1[2]);

    /// <summary>Decodes one capability value; null when a known capability is malformed.</summary>
    private static Capability? DecodeCapability(byte code, ReadOnlySpan<byte> v)
    {
        switch ((CapabilityCode)code)
        {
            case CapabilityCode.Multiprotocol:
                // AFI (2) | Reserved (1) | SAFI (1)   (RFC 4760 8)
                if (v.Length != 4) return null;
                return new MultiprotocolCapability(new AfiSafi((Afi)BinaryPrimitives.ReadUInt16BigEndian(v), (Safi)v[3]));
            case CapabilityCode.RouteRefresh:
                return v.Length == 0 ? new RouteRefreshCapability() : null;
            case CapabilityCode.EnhancedRouteRefresh:
                return v.Length == 0 ? new EnhancedRouteRefreshCapability() : null;
            case CapabilityCode.ExtendedMessage:
                return v.Length == 0 ? new ExtendedMessageCapability() : null;
            case CapabilityCode.FourOctetAs:
                return v.Length == 4 ? new FourOctetAsCapability(BinaryPrimitives.ReadUInt32BigEndian(v)) : null;
            case CapabilityCode.Role:
                return v.Length == 1 ? new RoleCapability((BgpRole)v[0]) : null;
            case CapabilityCode.ExtendedNextHop:
            {
                // (NLRI AFI (2) | NLRI SAFI (2) | Next Hop AFI (2))*   (RFC 8950 3)
                if (v.Length % 6 != 0) return null;
                var entries = new ExtendedNextHopEntry[v.Length / 6];
                for (int i = 0; i < entries.Length; i++)
                {
                    var e = v.Slice(i * 6, 6);
                    ushort safi = BinaryPrimitives.ReadUInt16BigEndian(e[2..]);
                    if (safi > 255) return null;
                    entries[i] = new ExtendedNextHopEntry(
                        new AfiSafi((Afi)BinaryPrimitives.ReadUInt16BigEndian(e), (Safi)safi),
                        (Afi)BinaryPrimitives.ReadUInt16BigEndian(e[4..]));
                }
                return new ExtendedNextHopCapability(entries);
            }
            case CapabilityCode.GracefulRestart:
            {
                // Flags (4 bits: R, N) | Restart Time (12 bits) | (AFI (2) | SAFI (1) | Flags (1: F))*   (RFC 4724 3, RFC 8538)
                if (v.Length < 2 || (v.Length - 2) % 4 != 0) return null;
                ushort head = BinaryPrimitives.ReadUInt16BigEndian(v);
                var fams = new GracefulRestartFamily[(v.Length - 2) / 4];
                for (int i = 0; i < fams.Length; i++)
                {
                    var e = v.Slice(2 + i * 4, 4);
                    fams[i] = new GracefulRestartFamily(ReadFamily(e), (e[3] & 0x80) != 0);
                }
                return new GracefulRestartCapability((head & 0x8000) != 0, (head & 0x4000) != 0, (ushort)(head & 0x0FFF), fams);
            }
            case CapabilityCode.AddPath:
            {
                // (AFI (2) | SAFI (1) | Send/Receive (1))*   (RFC 7911 4)
                if (v.Length == 0 || v.Length % 4 != 0) return null;
                var fams = new AddPathFamily[v.Length / 4];
                for (int i = 0; i < fams.Length; i++)
                {
                    var e = v.Slice(i * 4, 4);
                    // RFC 7911 4: any other value makes the capability not understood: keep it as unknown.
                    if (e[3] is < 1 or > 3) return new UnknownCapability(code, v.ToArray());
                    fams[i] = new AddPathFamily(ReadFamily(e), (AddPathDirection)e[3]);
                }
                return new AddPathCapability(fams);
            }
            case CapabilityCode.LongLivedGracefulRestart:
            {
                // (AFI (2) | SAFI (1) | Flags (1) | Long-lived Stale Time (3))*   (RFC 9494 4)
                if (v.Length % 7 != 0) return null;
                var fams = new LongLivedGracefulRestartFamily[v.Length / 7];
                for (int i = 0; i < fams.Length; i++)
                {
                    var e = v.Slice(i * 7, 7);
                    fams[i] = new LongLivedGracefulRestartFamily(ReadFamily(e), (e[3] & 0x80) != 0,
                        (uint)(e[4] << 16 | e[5] << 8 | e[6]));
                }
                return new LongLivedGracefulRestartCapability(fams);
            }
            case CapabilityCode.Fqdn:
            {
                // Hostname Length (1) | Hostname | Domain Name Length (1) | Domain Name
                if (v.Length < 1) return null;
                int hl = v[0];
                if (1 + hl + 1 > v.Length) return null;
                int dl = v[1 + hl];
                if (2 + hl + dl != v.Length) return null;
                return new FqdnCapability(Encoding.UTF8.GetString(v.Slice(1, hl)), Encoding.UTF8.GetString(v.Slice(2 + hl, dl)));
            }
            default:
                return new UnknownCapability(code, v.ToArray());
        }
    }
}

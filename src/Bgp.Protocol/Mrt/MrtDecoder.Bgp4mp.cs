using System.Collections.Immutable;
using System.Net;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;

namespace Bgp.Protocol.Mrt;

internal sealed partial class MrtDecoder
{
    // RFC 8050 3: in the ADDPATH subtypes every NLRI carries a path identifier.
    private static readonly ImmutableArray<AfiSafi> AllUnicast = [AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast];

    private readonly Dictionary<(IPAddress Peer, IPAddress Local), Bgp4mpSession> _sessions = [];

    /// <summary>
    /// BGP4MP and BGP4MP_ET (RFC 6396 4.4, 4.5; RFC 8050 3). The record starts with the addressing of
    /// <see cref="Bgp4mpPeer"/>; STATE_CHANGE then has Old State (2) | New State (2), MESSAGE a whole BGP message.
    /// </summary>
    private MrtRecord DecodeBgp4mp(MrtHeader header, ReadOnlySpan<byte> body)
    {
        var subtype = (Bgp4mpSubtype)header.Subtype;
        bool as4 = subtype is Bgp4mpSubtype.MessageAs4 or Bgp4mpSubtype.StateChangeAs4 or Bgp4mpSubtype.MessageAs4Local
            or Bgp4mpSubtype.MessageAs4AddPath or Bgp4mpSubtype.MessageAs4LocalAddPath;
        bool isState = subtype is Bgp4mpSubtype.StateChange or Bgp4mpSubtype.StateChangeAs4;
        bool isLocal = subtype is Bgp4mpSubtype.MessageLocal or Bgp4mpSubtype.MessageAs4Local
            or Bgp4mpSubtype.MessageLocalAddPath or Bgp4mpSubtype.MessageAs4LocalAddPath;
        bool addPath = subtype is >= Bgp4mpSubtype.MessageAddPath and <= Bgp4mpSubtype.MessageAs4LocalAddPath;
        if (!isState && !isLocal && !addPath && subtype is not (Bgp4mpSubtype.Message or Bgp4mpSubtype.MessageAs4))
            return Unknown(header, body);

        var r = new MrtSpanReader(body);
        uint peerAs, localAs;
        if (as4)
        {
            if (!r.TryU32(out peerAs) || !r.TryU32(out localAs)) return Malformed(header, "BGP4MP record is cut short in its AS numbers");
        }
        else
        {
            if (!r.TryU16(out ushort p) || !r.TryU16(out ushort l)) return Malformed(header, "BGP4MP record is cut short in its AS numbers");
            peerAs = p;
            localAs = l;
        }
        if (!r.TryU16(out ushort ifIndex) || !r.TryU16(out ushort afi))
            return Malformed(header, "BGP4MP record is cut short before its address family");
        if (afi is not ((ushort)Afi.Ipv4 or (ushort)Afi.Ipv6))
            return Malformed(header, $"BGP4MP address family {afi} is neither IPv4 nor IPv6");
        bool v6 = afi == (ushort)Afi.Ipv6;
        if (!r.TryAddress(v6, out var peerIp) || !r.TryAddress(v6, out var localIp))
            return Malformed(header, "BGP4MP record is cut short in its addresses");
        var peer = new Bgp4mpPeer(peerAs, localAs, ifIndex, peerIp!, localIp!);

        if (isState)
        {
            if (!r.TryU16(out ushort oldState) || !r.TryU16(out ushort newState))
                return Malformed(header, "BGP4MP_STATE_CHANGE is cut short in its states");
            return new Bgp4mpStateChange { Header = header, Peer = peer, OldState = oldState, NewState = newState };
        }

        var key = (peer.PeerAddress, peer.LocalAddress);
        _sessions.TryGetValue(key, out var session);
        var bytes = r.Rest;
        ImmutableArray<AfiSafi> families = addPath ? AllUnicast : session?.PathIdFamilies(isLocal) ?? [];
        var options = OptionsFor(as4, families);
        var result = BgpDecoder.Decode(bytes, options);

        // Only the sender's OPEN is in the dump (the usual case): whether the receiver agreed to ADD-PATH
        // is unknown. BIRD writes path identifiers then, Quagga (which has no ADD-PATH) does not. Read the
        // UPDATE both ways; when exactly one way parses, it settles the question for the whole session.
        if (!addPath && families.Length > 0 && session!.ReceiverUnknown(isLocal) && result.Message is not OpenMessage)
        {
            var plainOptions = OptionsFor(as4, []);
            var plain = BgpDecoder.Decode(bytes, plainOptions);
            if (!result.Success && plain.Success)
            {
                session.SetReceiver(isLocal, []);
                (result, options) = (plain, plainOptions);
            }
            else if (result.Success && !plain.Success && result.Message is UpdateMessage)
            {
                session.SetReceiver(isLocal, families);
            }
        }

        BgpMessage? salvaged = null;
        if (!result.Success) salvaged = Salvage(bytes, options, result.Error);
        if (result.Success && result.Message is OpenMessage open)
        {
            if (session is null)
            {
                session = new Bgp4mpSession();
                _sessions[key] = session;
            }
            var offered = open.Find<AddPathCapability>()?.Families is { } fs ? [.. fs] : ImmutableArray<AddPathFamily>.Empty;
            if (isLocal) session.LocalAddPath = offered;
            else session.PeerAddPath = offered;
        }
        return new Bgp4mpMessage
        {
            Header = header,
            Peer = peer,
            IsLocal = isLocal,
            Options = options,
            Message = result.Message ?? salvaged,
            Error = result.Error,
        };
    }

    // The writer accepted the message, so RFC 8654 lengths are allowed whether or not we saw the capability.
    private static CodecOptions OptionsFor(bool as4, ImmutableArray<AfiSafi> pathIdFamilies) =>
        new() { FourOctetAs = as4, ExtendedMessage = true, AddPathReceive = pathIdFamilies };

    /// <summary>
    /// An UPDATE whose NLRI field ends in a prefix that runs past the message (RIS has them: one stray
    /// octet after the last prefix) is a session reset on a live session (RFC 7606 5.3), but an archive
    /// reader can still report the routes before the fault, as bgpdump and tshark do. Returns the UPDATE
    /// decoded from the message cut after the last whole prefix, or null when the fault is elsewhere.
    /// </summary>
    private static UpdateMessage? Salvage(ReadOnlySpan<byte> message, CodecOptions options, BgpError? error)
    {
        if (error is null || error.Code != NotificationCode.UpdateMessageError
            || error.Subcode != (byte)UpdateMessageErrorSubcode.InvalidNetworkField || !error.Reason.StartsWith("NLRI:", StringComparison.Ordinal))
            return null;
        int header = BgpConstants.HeaderLength;
        if (message.Length < header + 4) return null;
        int withdrawnLength = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(message[header..]);
        int attrAt = header + 2 + withdrawnLength;
        if (attrAt + 2 > message.Length) return null;
        int nlriAt = attrAt + 2 + System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(message[attrAt..]);
        if (nlriAt > message.Length) return null;
        bool addPath = options.ReceivesPathId(AfiSafi.Ipv4Unicast);
        var nlri = message[nlriAt..];
        int good = 0;
        while (good < nlri.Length)
        {
            int at = good + (addPath ? 4 : 0);
            if (at >= nlri.Length || nlri[at] > 32) break;
            int next = at + 1 + ((nlri[at] + 7) >> 3);
            if (next > nlri.Length) break;
            good = next;
        }
        int length = nlriAt + good;
        byte[] copy = message[..length].ToArray();
        copy[16] = (byte)(length >> 8);
        copy[17] = (byte)length;
        return BgpDecoder.Decode(copy, options).Message as UpdateMessage;
    }
}

using System.Buffers;
using System.Text;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;

namespace Bgp.Protocol.Codec;

/// <summary>
/// Encodes messages into a caller's <see cref="IBufferWriter{T}"/> (RFC 4271 4). A message longer than
/// the session allows is a caller's mistake and throws; packing routes into messages that fit is
/// <see cref="UpdatePacker"/>'s job.
/// </summary>
public static partial class BgpEncoder
{
    /// <summary>Writes one message and returns its length.</summary>
    public static int Write(BgpMessage message, IBufferWriter<byte> output, CodecOptions options)
    {
        int max = message.Type == MessageType.Open ? BgpConstants.MaxMessageLength : options.MaxMessageLength;
        var span = output.GetSpan(max)[..max];
        var w = new SpanWriter(span);
        int lengthAt = WriteHeader(ref w, message.Type);
        switch (message)
        {
            case OpenMessage open: WriteOpenBody(ref w, open); break;
            case UpdateMessage update: WriteUpdateBody(ref w, update, options); break;
            case NotificationMessage n:
                w.Byte((byte)n.Code);
                w.Byte(n.Subcode);
                w.Bytes(n.Data.AsSpan());
                break;
            case KeepaliveMessage: break;
            case RouteRefreshMessage rr:
                w.UInt16((ushort)rr.Family.Afi);
                w.Byte((byte)rr.Subtype);
                w.Byte((byte)rr.Family.Safi);
                w.Bytes(rr.OrfData.AsSpan());
                break;
            default: throw new ArgumentException($"cannot encode {message.GetType().Name}", nameof(message));
        }
        if (w.Overflow)
            throw new ArgumentException($"{message.Type} message is longer than {max} octets", nameof(message));
        w.PatchUInt16(lengthAt, w.Position);
        output.Advance(w.Position);
        return w.Position;
    }

    /// <summary>Encodes one message into a new array (tests and tools; the daemon writes into its pipe).</summary>
    public static byte[] ToArray(BgpMessage message, CodecOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(message, buffer, options);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Marker and type; returns where the length goes.</summary>
    internal static int WriteHeader(ref SpanWriter w, MessageType type)
    {
        for (int i = 0; i < BgpConstants.MarkerLength; i += 8) w.UInt64(ulong.MaxValue);
        int at = w.Reserve(2);
        w.Byte((byte)type);
        return at;
    }

    /// <summary>
    /// OPEN body (RFC 4271 4.2). All capabilities go in one Capabilities parameter; when they need more
    /// than 255 octets, or when asked, the RFC 9072 extended parameter length is used.
    /// </summary>
    private static void WriteOpenBody(ref SpanWriter w, OpenMessage open)
    {
        w.Byte(open.Version);
        w.UInt16(open.MyAs);
        w.UInt16(open.HoldTime);
        w.UInt32(open.BgpIdentifier);
        Span<byte> capsBuffer = stackalloc byte[BgpConstants.MaxMessageLength];
        var cw = new SpanWriter(capsBuffer);
        foreach (var cap in open.Capabilities) WriteCapability(ref cw, cap);
        if (cw.Overflow) throw new ArgumentException("OPEN capabilities do not fit in a message", nameof(open));
        int capsLen = cw.Position;
        if (capsLen == 0 && !open.ExtendedOptionalParameters)
        {
            w.Byte(0);
            return;
        }
        if (open.ExtendedOptionalParameters || capsLen + 2 > 255)
        {
            // RFC 9072 2: 255, 255, then a 2-octet length; parameters have 2-octet lengths.
            w.Byte(255);
            w.Byte(255);
            w.UInt16(capsLen == 0 ? 0 : capsLen + 3);
            if (capsLen == 0) return;
            w.Byte(2);
            w.UInt16(capsLen);
        }
        else
        {
            w.Byte((byte)(capsLen + 2));
            w.Byte(2);
            w.Byte((byte)capsLen);
        }
        w.Bytes(cw.Written);
    }

    private static void WriteFamily(ref SpanWriter w, AfiSafi f)
    {
        w.UInt16((ushort)f.Afi);
        w.Byte((byte)f.Safi);
    }

    private static void WriteCapability(ref SpanWriter w, Capability cap)
    {
        w.Byte(cap.Code);
        int lenAt = w.Reserve(1);
        int start = w.Position;
        switch (cap)
        {
            case MultiprotocolCapability mp:
                w.UInt16((ushort)mp.Family.Afi);
                w.Byte(0);
                w.Byte((byte)mp.Family.Safi);
                break;
            case RouteRefreshCapability or EnhancedRouteRefreshCapability or ExtendedMessageCapability:
                break;
            case FourOctetAsCapability fo:
                w.UInt32(fo.Asn);
                break;
            case RoleCapability role:
                w.Byte((byte)role.Role);
                break;
            case ExtendedNextHopCapability enh:
                foreach (var e in enh.Entries)
                {
                    w.UInt16((ushort)e.Family.Afi);
                    w.UInt16((byte)e.Family.Safi);
                    w.UInt16((ushort)e.NextHopAfi);
                }
                break;
            case GracefulRestartCapability gr:
                w.UInt16((gr.RestartState ? 0x8000 : 0) | (gr.NotificationSupport ? 0x4000 : 0) | (gr.RestartTime & 0x0FFF));
                foreach (var f in gr.Families)
                {
                    WriteFamily(ref w, f.Family);
                    w.Byte(f.ForwardingStatePreserved ? (byte)0x80 : (byte)0);
                }
                break;
            case AddPathCapability ap:
                foreach (var f in ap.Families)
                {
                    WriteFamily(ref w, f.Family);
                    w.Byte((byte)f.Direction);
                }
                break;
            case LongLivedGracefulRestartCapability ll:
                foreach (var f in ll.Families)
                {
                    WriteFamily(ref w, f.Family);
                    w.Byte(f.ForwardingStatePreserved ? (byte)0x80 : (byte)0);
                    w.Byte((byte)(f.StaleTime >> 16));
                    w.Byte((byte)(f.StaleTime >> 8));
                    w.Byte((byte)f.StaleTime);
                }
                break;
            case FqdnCapability fq:
                WriteShortString(ref w, fq.HostName);
                WriteShortString(ref w, fq.DomainName);
                break;
            case UnknownCapability u:
                w.Bytes(u.Value);
                break;
            default:
                throw new ArgumentException($"cannot encode capability {cap.GetType().Name}", nameof(cap));
        }
        int len = w.Position - start;
        if (len > 255) throw new ArgumentException($"capability {cap.Code} is longer than 255 octets", nameof(cap));
        w.PatchByte(lenAt, (byte)len);
    }

    private static void WriteShortString(ref SpanWriter w, string s)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(s);
        if (bytes.Length > 255) throw new ArgumentException($"'{s}' is longer than 255 octets", nameof(s));
        w.Byte((byte)bytes.Length);
        w.Bytes(bytes);
    }
}

using System.Runtime.InteropServices;
using System.Text;

namespace Bgp.Netlink.Wire;

/// <summary>
/// Reads an NLMSG_ERROR (an ack when error is 0):
/// <code>
/// struct nlmsgerr { int error; struct nlmsghdr msg; } [request payload unless NLM_F_CAPPED] [TLVs if NLM_F_ACK_TLVS]
/// </code>
/// error is a negative errno. With NETLINK_EXT_ACK the TLVs may hold NLMSGERR_ATTR_MSG, a NUL-terminated
/// text; it is decoded only for failures, so a successful ack allocates nothing.
/// </summary>
internal static class AckDecoder
{
    /// <summary>Returns the positive errno (0 for success), or -1 if the payload is too short.</summary>
    public static int ReadError(ReadOnlySpan<byte> payload) =>
        payload.Length < 4 ? -1 : -MemoryMarshal.Read<int>(payload);

    public static string? ReadMessage(ReadOnlySpan<byte> payload, ushort flags)
    {
        if ((flags & Nl.NLM_F_ACK_TLVS) == 0 || payload.Length < 4 + Nl.HeaderSize) return null;
        var offset = 4 + Nl.HeaderSize;
        if ((flags & Nl.NLM_F_CAPPED) == 0)
        {
            var requestLength = (int)MemoryMarshal.Read<uint>(payload[4..]);
            offset = 4 + Nl.Align(Math.Max(requestLength, Nl.HeaderSize));
        }
        if (offset > payload.Length) return null;
        var attrs = new AttributeReader(payload[offset..]);
        while (attrs.MoveNext())
        {
            if (attrs.Type != Nl.NLMSGERR_ATTR_MSG) continue;
            var text = attrs.Value;
            var nul = text.IndexOf((byte)0);
            return Encoding.UTF8.GetString(nul < 0 ? text : text[..nul]);
        }
        return null;
    }
}

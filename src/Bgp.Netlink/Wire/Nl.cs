namespace Bgp.Netlink.Wire;

/// <summary>
/// Values from include/uapi/linux/netlink.h. Every netlink message starts with
/// <code>
/// struct nlmsghdr { __u32 nlmsg_len; __u16 nlmsg_type; __u16 nlmsg_flags; __u32 nlmsg_seq; __u32 nlmsg_pid; };
/// </code>
/// in host byte order, each message and attribute padded to 4 bytes (NLMSG_ALIGN / RTA_ALIGN).
/// </summary>
internal static class Nl
{
    internal const int NETLINK_ROUTE = 0;
    internal const int HeaderSize = 16;

    // Message types below NLMSG_MIN_TYPE (0x10) are control messages.
    internal const ushort NLMSG_NOOP = 1;
    internal const ushort NLMSG_ERROR = 2;
    internal const ushort NLMSG_DONE = 3;
    internal const ushort NLMSG_OVERRUN = 4;

    internal const ushort NLM_F_REQUEST = 0x01;
    internal const ushort NLM_F_MULTI = 0x02;
    internal const ushort NLM_F_ACK = 0x04;
    internal const ushort NLM_F_DUMP_INTR = 0x10;
    // Modifiers to GET requests.
    internal const ushort NLM_F_DUMP = 0x300;
    // Modifiers to NEW requests.
    internal const ushort NLM_F_REPLACE = 0x100;
    internal const ushort NLM_F_EXCL = 0x200;
    internal const ushort NLM_F_CREATE = 0x400;
    // Flags of an NLMSG_ERROR: the request payload was left out (NETLINK_CAP_ACK), TLVs follow (NETLINK_EXT_ACK).
    internal const ushort NLM_F_CAPPED = 0x100;
    internal const ushort NLM_F_ACK_TLVS = 0x200;

    // enum nlmsgerr_attrs
    internal const ushort NLMSGERR_ATTR_MSG = 1;

    // Socket options at SOL_NETLINK.
    internal const int SOL_NETLINK = 270;
    internal const int NETLINK_CAP_ACK = 10;
    internal const int NETLINK_EXT_ACK = 11;
    internal const int NETLINK_GET_STRICT_CHK = 12;

    internal const ushort NLA_TYPE_MASK = 0x3FFF; // strips NLA_F_NESTED and NLA_F_NET_BYTEORDER

    internal static int Align(int length) => (length + 3) & ~3;
}

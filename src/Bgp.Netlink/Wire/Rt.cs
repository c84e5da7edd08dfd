namespace Bgp.Netlink.Wire;

/// <summary>
/// Values from include/uapi/linux/rtnetlink.h, if_link.h, if_addr.h and if.h.
/// <code>
/// struct rtmsg { u8 family, dst_len, src_len, tos, table, protocol, scope, type; u32 flags; };      // 12 bytes
/// struct rtnexthop { u16 rtnh_len; u8 rtnh_flags; u8 rtnh_hops; s32 rtnh_ifindex; };            // 8, then attrs
/// struct rtvia { u16 rtvia_family; u8 rtvia_addr[]; };
/// struct ifinfomsg { u8 family, pad; u16 type; s32 index; u32 flags, change; };                  // 16 bytes
/// struct ifaddrmsg { u8 family, prefixlen, flags, scope; u32 index; };                           // 8 bytes
/// struct rtattr { u16 rta_len; u16 rta_type; };                                                   // then payload
/// </code>
/// </summary>
internal static class Rt
{
    internal const ushort RTM_NEWLINK = 16;
    internal const ushort RTM_DELLINK = 17;
    internal const ushort RTM_GETLINK = 18;
    internal const ushort RTM_NEWADDR = 20;
    internal const ushort RTM_DELADDR = 21;
    internal const ushort RTM_GETADDR = 22;
    internal const ushort RTM_NEWROUTE = 24;
    internal const ushort RTM_DELROUTE = 25;
    internal const ushort RTM_GETROUTE = 26;

    internal const int RtMsgSize = 12;
    internal const int RtNextHopSize = 8;
    internal const int IfInfoMsgSize = 16;
    internal const int IfAddrMsgSize = 8;
    internal const int AttrHeaderSize = 4;

    // enum rtattr_type_t
    internal const ushort RTA_DST = 1;
    internal const ushort RTA_OIF = 4;
    internal const ushort RTA_GATEWAY = 5;
    internal const ushort RTA_PRIORITY = 6;
    internal const ushort RTA_MULTIPATH = 9;
    internal const ushort RTA_TABLE = 15;
    internal const ushort RTA_VIA = 18;

    internal const byte RT_TABLE_UNSPEC = 0;
    internal const byte RT_TABLE_COMPAT = 252;
    internal const uint RT_TABLE_MAIN = 254;

    internal const byte RT_SCOPE_UNIVERSE = 0;
    internal const byte RT_SCOPE_LINK = 253;
    internal const byte RT_SCOPE_NOWHERE = 255;

    internal const byte RTNH_F_ONLINK = 4;
    internal const uint RTM_F_CLONED = 0x200;

    internal const byte AF_INET = 2;
    internal const byte AF_INET6 = 10;

    // ifinfomsg attributes and flags
    internal const ushort IFLA_IFNAME = 3;
    internal const ushort IFLA_MTU = 4;
    internal const uint IFF_UP = 0x1;
    internal const uint IFF_LOWER_UP = 0x10000;

    // ifaddrmsg attributes
    internal const ushort IFA_ADDRESS = 1;
    internal const ushort IFA_LOCAL = 2;
}

namespace Bgp.Netlink;

/// <summary>The kernel's route types (enum rtm_type in rtnetlink.h, RTN_*), values as on the wire.</summary>
public enum RouteType : byte
{
    /// <summary>Installs as <see cref="Unicast"/>; on delete matches any type.</summary>
    Unspecified = 0,
    Unicast = 1,
    Local = 2,
    Broadcast = 3,
    Anycast = 4,
    Multicast = 5,
    /// <summary>Silently drops matching packets (pod CIDR blocks a node owns).</summary>
    Blackhole = 6,
    /// <summary>Drops and answers ICMP unreachable.</summary>
    Unreachable = 7,
    Prohibit = 8,
    Throw = 9,
}

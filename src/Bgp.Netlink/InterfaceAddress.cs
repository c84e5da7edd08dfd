namespace Bgp.Netlink;

/// <summary>An address from an RTM_GETADDR dump: the interface's own address (IFA_LOCAL when present,
/// else IFA_ADDRESS) and its prefix length, host bits kept.</summary>
public sealed record InterfaceAddress(int InterfaceIndex, InetAddress Address, int PrefixLength, byte Scope);

using Bgp.Netlink;
using Bgp.Protocol;

namespace Bgp.Daemon.Routing;

/// <summary>
/// One item of <see cref="KernelSync"/>'s queue: what the Loc-RIB now says for a prefix, read on the RIB
/// loop at the moment of the change. One next hop sits inline; an ECMP set of several in <see cref="NextHops"/>.
/// </summary>
internal readonly record struct KernelWork(KernelWorkKind Kind, Prefix Prefix = default, InetAddress NextHop = default, InetAddress[]? NextHops = null);

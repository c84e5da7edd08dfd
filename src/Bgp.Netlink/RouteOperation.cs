namespace Bgp.Netlink;

/// <summary>What a <see cref="RouteRequest"/> asks the kernel to do.</summary>
public enum RouteOperation : byte
{
    /// <summary>RTM_NEWROUTE with NLM_F_CREATE|NLM_F_EXCL: fails with EEXIST when the route exists.</summary>
    Add,
    /// <summary>RTM_NEWROUTE with NLM_F_CREATE|NLM_F_REPLACE: creates, or replaces the route's next hops.</summary>
    Replace,
    /// <summary>RTM_DELROUTE: fails with ESRCH when no route of that prefix, table and protocol exists.</summary>
    Delete,
}

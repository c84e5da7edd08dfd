using System.Net.Sockets;

namespace Bgp.Netlink.Sync;

public sealed partial class FibSync
{
    /// <summary>
    /// Start-up convergence. Dumps the kernel's IPv4 and IPv6 routes of our protocol in our table,
    /// takes them as what is installed, and flushes the difference: routes we do not want are deleted,
    /// missing ones added, wrong ones replaced, and routes already right are left alone and counted in
    /// <see cref="FlushResult.Unchanged"/>. Routes of other protocols are never in the dump and never
    /// touched. Back-offs are dropped: this is a fresh start.
    /// </summary>
    public FlushResult Reconcile()
    {
        var kernel = client.DumpRoutes(AddressFamily.InterNetwork, Table, Protocol);
        kernel.AddRange(client.DumpRoutes(AddressFamily.InterNetworkV6, Table, Protocol));

        foreach (var e in entries.Values)
        {
            e.IsInstalled = false;
            e.Installed = default;
        }
        staleExtras.Clear();
        InstalledCount = 0;
        foreach (var route in kernel)
        {
            if (!entries.TryGetValue(route.Destination, out var e))
            {
                e = new FibEntry(route.Destination);
                entries.Add(route.Destination, e);
            }
            if (!e.IsInstalled)
            {
                InstalledCount++;
                e.IsInstalled = true;
                e.Installed = route;
            }
            else if (e.Wanted && RouteMatch.Same(e.Desired, route))
            {
                // Two routes of ours for one prefix (different metrics): keep the right one.
                staleExtras.Add(e.Installed);
                e.Installed = route;
            }
            else staleExtras.Add(route);
        }

        var result = new FlushResult();
        foreach (var e in entries.Values)
        {
            e.Attempts = 0;
            e.Synced = e.Wanted ? e.IsInstalled && RouteMatch.Same(e.Desired, e.Installed) : !e.IsInstalled;
            if (e.Synced && e.Wanted) result.Unchanged++;
            else if (!e.Synced) Enqueue(e);
            else if (!e.Queued) entries.Remove(e.Prefix); // neither wanted nor held (removing while enumerating is allowed)
        }
        FlushInto(result);
        return result;
    }
}

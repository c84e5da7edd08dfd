using System.Net;
using Bgp.Netlink;
using Bgp.Netlink.Sync;
using Bgp.Rib;
using Bgp.Rib.Engine;

namespace Bgp.Daemon.Routing;

/// <summary>
/// The kernel sync worker's view of the next hops the RIB uses (RFC 4271 9.1.2.1, 9.1.2.2 (e)): per hop the
/// <see cref="NextHopState"/> last told to the RIB, so that after a kernel change only the hops whose state
/// differs produce a <see cref="NextHopChanged"/>. A hop coming into use starts as connected (what the engine
/// assumes for it) and is always reported once, even when it resolves as connected: the engine may still
/// apply an answer of ours for an earlier use of the same hop that crossed its release, and the fresh one
/// behind it puts the state right (the engine drops a report that changes nothing).
/// Worker-only (not thread-safe); resolution is a function so that the logic can be tested without a kernel.
/// </summary>
internal sealed class NextHopTracker(Func<InetAddress, NextHopState> resolve)
{
    private readonly Dictionary<IPAddress, NextHopState> _tracked = [];
    private readonly HashSet<IPAddress> _fresh = [];

    /// <summary>Hops tracked (in use in the RIB).</summary>
    public int Count => _tracked.Count;

    public bool TryGetState(IPAddress nextHop, out NextHopState state) => _tracked.TryGetValue(nextHop, out state);

    /// <summary>A hop came into use: it is resolved at the next <see cref="Collect"/>.</summary>
    public void Use(IPAddress nextHop)
    {
        // Connected is what the engine assumes for a hop that just came into use.
        _tracked[nextHop] = NextHopState.Connected;
        _fresh.Add(nextHop);
    }

    /// <summary>A hop went out of use: forgotten (the engine dropped its state too).</summary>
    public void Release(IPAddress nextHop)
    {
        _tracked.Remove(nextHop);
        _fresh.Remove(nextHop);
    }

    /// <summary>
    /// Resolves the hops that came into use since the last call, or every hop when <paramref name="all"/> (after
    /// the kernel changed), and adds a <see cref="NextHopChanged"/> to <paramref name="into"/> for each new hop
    /// and each whose state differs from what the RIB was last told. Returns how many were added.
    /// </summary>
    public int Collect(bool all, List<NextHopChanged> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        int n = 0;
        if (all)
        {
            foreach (var (hop, told) in _tracked)
            {
                var state = resolve(InetAddress.FromIPAddress(hop));
                if (state == told && !_fresh.Contains(hop)) continue;
                into.Add(new NextHopChanged(hop, state));
                n++;
            }
        }
        else
        {
            foreach (var hop in _fresh)
            {
                into.Add(new NextHopChanged(hop, resolve(InetAddress.FromIPAddress(hop))));
                n++;
            }
        }
        // Recorded only after the walk: the dictionary cannot change while it is enumerated.
        for (int i = into.Count - n; i < into.Count; i++) _tracked[into[i].NextHop] = into[i].State;
        _fresh.Clear();
        return n;
    }

    /// <summary>
    /// The decision's view of a kernel resolution: unreachable, connected (cost 0), or through a route of the
    /// kernel whose metric is the IGP cost.
    /// </summary>
    public static NextHopState StateOf(NextHopResolution resolution, uint metric) => resolution switch
    {
        NextHopResolution.Connected => NextHopState.Connected,
        NextHopResolution.Recursive => new NextHopState(true, metric),
        _ => NextHopState.Unreachable,
    };
}

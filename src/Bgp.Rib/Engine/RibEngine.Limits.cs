using Bgp.Protocol;

namespace Bgp.Rib.Engine;

/// <summary>
/// Max-prefix (RFC 4486) and the outcomes the loop acts on. The count is of accepted paths (after import
/// policy, all families together, stale ones included): what the peer costs us in the Loc-RIB, like BIRD's
/// "import limit" and Cisco's maximum-prefix; a "receive limit" would also count what policy rejects, which
/// only soft reconfiguration keeps. With ADD-PATH receive each path counts.
/// </summary>
public sealed partial class RibEngine
{
    /// <summary>
    /// Moves what the loop must do (close a session over its prefix limit, send a ROUTE-REFRESH) into
    /// <paramref name="into"/>; returns how many. Call after each batch of commands.
    /// </summary>
    public int TakeOutcomes(List<RibOutcome> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        int n = _outcomes.Count;
        into.AddRange(_outcomes);
        _outcomes.Clear();
        return n;
    }

    /// <summary>Paths accepted from the peer in both families (what its prefix limit counts).</summary>
    public int AcceptedPathCount(int peerId) => Rib.AdjRibIn(peerId, Afi.Ipv4).Count + Rib.AdjRibIn(peerId, Afi.Ipv6).Count;

    /// <summary>After routes of <paramref name="family"/> were imported: report a crossing of the limit, once.</summary>
    private void CheckPrefixLimit(EnginePeer peer, AfiSafi family)
    {
        if (peer.Options.PrefixLimit is not { } limit) return;
        int count = AcceptedPathCount(peer.Id);
        if (count <= limit)
        {
            // Back under the limit (withdrawals, or a stricter policy): the next crossing is reported again.
            peer.LimitReported = false;
            return;
        }
        if (peer.LimitReported) return;
        peer.LimitReported = true;
        var action = peer.Options.PrefixLimitAction;
        if (action == PrefixLimitAction.Shutdown) peer.LimitShutdown = true;
        _outcomes.Add(new PrefixLimitReached(peer.Id, family, limit, count, action));
    }
}

using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;

namespace Bgp.Rib;

/// <summary>
/// The RIB of the speaker for IPv4 and IPv6 unicast: the peers, the attribute interner, the next-hop
/// table and one <see cref="LocRib"/> per family, behind the operations a session's UPDATE turns into.
/// Pure and single-threaded: the RIB loop that will own it feeds it one command at a time.
/// </summary>
public sealed class Rib
{
    public Rib(DecisionOptions? options = null, INextHopTable? nextHops = null)
        : this(new DecisionProcess(options ?? DecisionOptions.Default), nextHops)
    {
    }

    /// <summary>With a decision process of the caller's (tests turn its shortcuts off).</summary>
    internal Rib(DecisionProcess decision, INextHopTable? nextHops = null)
    {
        Decision = decision;
        NextHops = nextHops ?? new NextHopTable();
        Ipv4 = new LocRib(Afi.Ipv4, Peers, Interner, NextHops, Decision);
        Ipv6 = new LocRib(Afi.Ipv6, Peers, Interner, NextHops, Decision);
    }

    public PeerTable Peers { get; } = new();
    public AttributeInterner Interner { get; } = new();
    public INextHopTable NextHops { get; }
    public DecisionProcess Decision { get; }
    public LocRib Ipv4 { get; }
    public LocRib Ipv6 { get; }

    public void AddPeer(RibPeer peer) => Peers.Add(peer);

    /// <summary>The Loc-RIB holding <paramref name="prefix"/>'s family.</summary>
    public LocRib Table(Prefix prefix) => prefix.IsIpv6 ? Ipv6 : Ipv4;

    public LocRib Table(Afi afi) => afi switch
    {
        Afi.Ipv4 => Ipv4,
        Afi.Ipv6 => Ipv6,
        _ => throw new ArgumentOutOfRangeException(nameof(afi), afi, "only IPv4 and IPv6 unicast are routed"),
    };

    /// <summary>
    /// A path from a peer (post-policy): interns its attributes (with <paramref name="nextHop"/>, the
    /// MP_REACH_NLRI next hop, or NEXT_HOP when null) and adds or replaces it in the Loc-RIB.
    /// </summary>
    public RibChange Announce(int peerId, Nlri nlri, PathAttributes attributes, IPAddress? nextHop = null) =>
        Table(nlri.Prefix).Announce(peerId, nlri.Prefix, nlri.PathId, Interner.Intern(attributes, nextHop));

    public RibChange Withdraw(int peerId, Nlri nlri) => Table(nlri.Prefix).Withdraw(peerId, nlri.Prefix, nlri.PathId);

    /// <summary>
    /// Prefetch hints for the routes of one UPDATE (<see cref="LocRib.PrefetchBucket"/>,
    /// <see cref="LocRib.PrefetchDestination"/>): for route i + <see cref="PrefetchAhead"/>, start loading its
    /// bucket; for route i + <see cref="PrefetchAhead"/> / 2, its destination; then work on route i.
    /// </summary>
    public void Prefetch(ReadOnlySpan<Nlri> routes, int i)
    {
        int j = i + PrefetchAhead;
        if (j < routes.Length) Table(routes[j].Prefix).PrefetchBucket(routes[j].Prefix);
        j = i + PrefetchAhead / 2;
        if (j < routes.Length && i > 0) Table(routes[j].Prefix).PrefetchDestination(routes[j].Prefix);
    }

    /// <summary>
    /// How many routes ahead the bucket is prefetched: enough to cover a memory latency with the work of a few
    /// routes. LocRibBenchmarks (--job short, loaded machine): a million new /24s 403 against 456 ms without
    /// hints; the same table plus a second path to every prefix in random order 631 against 1,982 ms.
    /// </summary>
    public const int PrefetchAhead = 8;

    /// <summary>Stage one for the first routes of an UPDATE, before the loop over them starts.</summary>
    public void PrefetchStart(ReadOnlySpan<Nlri> routes)
    {
        int n = Math.Min(PrefetchAhead, routes.Length);
        for (int j = 0; j < n; j++) Table(routes[j].Prefix).PrefetchBucket(routes[j].Prefix);
    }

    /// <summary>Removes all of a peer's paths in both families; see <see cref="LocRib.PeerDown"/>.</summary>
    public int PeerDown(int peerId, List<RibChange> changes) => Ipv4.PeerDown(peerId, changes) + Ipv6.PeerDown(peerId, changes);

    /// <summary>
    /// Removes a peer's paths in both families until <paramref name="changes"/> holds <paramref name="maxChanges"/>
    /// entries; true when it stopped there (paths may remain: call again), false when the peer has no path left.
    /// </summary>
    public bool PeerDown(int peerId, List<RibChange> changes, int maxChanges)
    {
        Ipv4.PeerDown(peerId, changes, maxChanges);
        if (changes.Count < maxChanges) Ipv6.PeerDown(peerId, changes, maxChanges);
        return changes.Count >= maxChanges;
    }

    /// <summary>Gives both families' native stores back now (<see cref="LocRib.ReleaseStorage"/>); the RIB must not be used afterwards.</summary>
    public void ReleaseStorage()
    {
        Ipv4.ReleaseStorage();
        Ipv6.ReleaseStorage();
    }

    public BestPathExplanation? Explain(Prefix prefix) => Table(prefix).Explain(prefix);

    public bool TryGetBest(Prefix prefix, out RibPath best) => Table(prefix).TryGetBest(prefix, out best);

    public AdjRibIn AdjRibIn(int peerId, Afi afi) => Table(afi).AdjRibIn(peerId);
}

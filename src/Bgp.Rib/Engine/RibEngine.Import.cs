using System.Collections.Immutable;
using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using Bgp.Rib.Import;
using Bgp.Rib.Policy;

namespace Bgp.Rib.Engine;

public sealed partial class RibEngine
{
    /// <summary>
    /// RFC 4271 9.1: withdrawals first (4.3: a prefix both withdrawn and announced in one UPDATE is
    /// announced), then each announced route through the import checks into the Adj-RIB-In.
    /// </summary>
    private void OnUpdate(int peerId, UpdateMessage update)
    {
        if (!_peers.TryGetValue(peerId, out var peer)) return;
        // Over its prefix limit with the Shutdown action: the session is being closed and its routes go then.
        if (peer.LimitShutdown) return;
        // End-of-RIB (RFC 4724 2) ends a graceful restart's refresh of that family.
        if (update.EndOfRib is { } endOfRib)
        {
            OnEndOfRib(peer, endOfRib);
            return;
        }
        Apply(peer, update);
        // After withdrawals too, so that dropping back under the limit re-arms the report.
        CheckPrefixLimit(peer, update.Nlri.Length == 0 && update.MpReach is { } reach ? reach.Family : AfiSafi.Ipv4Unicast);
    }

    private void Apply(EnginePeer peer, UpdateMessage update)
    {

        WithdrawAll(peer, update.Withdrawn);
        if (update.MpUnreach is { } unreach && unreach.Family.IsUnicastIp) WithdrawAll(peer, unreach.Withdrawn);

        var mpReach = update.MpReach is { } r && r.Family.IsUnicastIp ? r : null;
        // RFC 7606 2: treat-as-withdraw means every route the message announces is withdrawn.
        if (update.TreatAsWithdraw)
        {
            WithdrawAll(peer, update.Nlri);
            if (mpReach is not null) WithdrawAll(peer, mpReach.Nlri);
            return;
        }
        if (update.Nlri.Length == 0 && (mpReach is null || mpReach.Nlri.Length == 0)) return;

        var attributes = update.Attributes;
        // RFC 6793 4.2.3: a 2-octet speaker's AS4_PATH / AS4_AGGREGATOR carry the real path; merge before
        // loop detection and the decision look at it.
        if (!peer.Facts.FourOctetAs) attributes = AsPathMerger.Merge(attributes);
        // RFC 4271 5.1.5: LOCAL_PREF from an external peer MUST be ignored (BIRD and FRR drop it too).
        if (!peer.Facts.IsInternal && attributes.LocalPref is not null) attributes = attributes with { LocalPref = null };

        var loop = LoopDetection.Check(attributes, peer.Facts.IsInternal, Settings.LocalAs, peer.Options.AllowedLocalAs,
            Settings.RouterId, Speaker.ClusterId);
        if (loop != ImportLoop.None)
        {
            // A looped route is not used; it still replaces an earlier loop-free copy (treated as withdrawn).
            WithdrawAll(peer, update.Nlri);
            if (mpReach is not null) WithdrawAll(peer, mpReach.Nlri);
            return;
        }

        ImportAll(peer, update.Nlri, attributes, null);
        if (mpReach is not null) ImportAll(peer, mpReach.Nlri, attributes, mpReach.NextHop);
    }

    private void ImportAll(EnginePeer peer, ImmutableArray<Nlri> routes, PathAttributes attributes, IPAddress? mpNextHop)
    {
        var prePolicy = peer.PrePolicy;
        RouteAttributes? received = null;
        var span = routes.AsSpan();
        Rib.PrefetchStart(span);
        for (int i = 0; i < span.Length; i++)
        {
            Rib.Prefetch(span, i);
            ref readonly var nlri = ref span[i];
            if (prePolicy is not null)
            {
                // One interned set for the whole UPDATE, one reference per route kept.
                if (received is null) received = Rib.Interner.Intern(attributes, mpNextHop);
                else Rib.Interner.AddReference(received);
                if (prePolicy.Remove(nlri, out var old)) Rib.Interner.Release(old);
                prePolicy.Add(nlri, received);
            }
            ImportOne(peer, nlri, attributes, mpNextHop);
        }
    }

    /// <summary>Import policy, then the route into the Adj-RIB-In (accepted) or out of it (rejected).</summary>
    private void ImportOne(EnginePeer peer, in Nlri nlri, PathAttributes attributes, IPAddress? mpNextHop)
    {
        var context = new RouteContext(nlri.Prefix, attributes, mpNextHop, peer.PolicySource, Settings.LocalAs);
        var result = peer.Policy.EvaluateImport(context);
        if (!result.Accepted)
        {
            // A rejected route is withdrawn: it may replace an accepted one (RFC 4271 3.1 implicit withdraw).
            // Its copy as received stays for a later soft reconfiguration.
            OnChanged(Rib.Withdraw(peer.Id, nlri));
            return;
        }
        // An IPv4 route's next hop is its NEXT_HOP attribute (which a policy action also updates); an
        // IPv6 route's is the MP_REACH_NLRI next hop, possibly replaced by policy.
        var nextHop = nlri.Prefix.IsIpv6 ? result.NextHop : null;
        var change = Rib.Announce(peer.Id, nlri, result.Attributes, nextHop);
        OnChanged(change);
    }

    private void WithdrawAll(EnginePeer peer, ImmutableArray<Nlri> routes)
    {
        var span = routes.AsSpan();
        Rib.PrefetchStart(span);
        for (int i = 0; i < span.Length; i++)
        {
            Rib.Prefetch(span, i);
            Withdraw(peer, span[i]);
        }
    }

    /// <summary>The peer no longer announces <paramref name="nlri"/> (withdrawn, treat-as-withdraw or looped).</summary>
    private void Withdraw(EnginePeer peer, in Nlri nlri)
    {
        if (peer.PrePolicy is { } prePolicy && prePolicy.Remove(nlri, out var old)) Rib.Interner.Release(old);
        var change = Rib.Withdraw(peer.Id, nlri);
        OnChanged(change);
    }
}

using Bgp.Protocol;
using Bgp.Rib.Export;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests.Export;

/// <summary>
/// The Adj-RIB-Out model runs again over a real Loc-RIB's destination index, changed before every export as
/// the engine does: a prefix is in the Loc-RIB exactly while some route of it is asked for, so withdrawals
/// regularly follow the prefix's last path out of the Loc-RIB and must still find what was sent. Both
/// families are dense from the start (told a table size first, as on the engine's PeerUp), so routes without
/// a path id are pending by destination index throughout; AdjRibOutGoingDenseModelTests starts them sparse.
/// </summary>
public class AdjRibOutOverLocRibModelTests : AdjRibOutModelTests
{
    private readonly Rib _rib = SelfPopulatingLocRib.NewRib();
    private readonly Dictionary<Prefix, HashSet<uint>> _wanted = [];

    /// <summary>True when every family starts dense; otherwise each goes dense when the quarter rule says so.</summary>
    protected virtual bool DenseFromStart => true;

    protected override AdjRibOut NewRib()
    {
        var rib = new AdjRibOut(Interner, _rib.Ipv4, _rib.Ipv6) { DenseMinimum = 0 };
        if (DenseFromStart)
        {
            rib.EnsureCapacity(AfiSafi.Ipv4Unicast, 1);
            rib.EnsureCapacity(AfiSafi.Ipv6Unicast, 1);
        }
        return rib;
    }

    protected override void LocRibChange(Nlri nlri, bool wanted)
    {
        var prefix = nlri.Prefix;
        if (!_wanted.TryGetValue(prefix, out var ids)) _wanted[prefix] = ids = [];
        if (wanted) ids.Add(nlri.PathId);
        else ids.Remove(nlri.PathId);
        var path = new Nlri(prefix);
        if (ids.Count > 0) _rib.Announce(SelfPopulatingLocRib.SourcePeer, path, Attrs(nextHop: prefix.IsIpv6 ? "2001:db8::99" : "192.0.2.1"));
        else _rib.Withdraw(SelfPopulatingLocRib.SourcePeer, path);
    }

    protected override void AfterDrain(AdjRibOut rib, Dictionary<Nlri, uint> asked)
    {
        // Every path-id-0 route sent is in the slot store, and nothing else keeps a destination: the index
        // holds exactly the prefixes still asked for (a drained withdrawal or pending change released its hold).
        int plain = 0;
        foreach (var nlri in asked.Keys) if (nlri.PathId == 0) plain++;
        // A family still sparse (the quarter rule) keeps them in the map.
        if (DenseFromStart) Assert.Equal(plain, rib.SlotSentCount);
        else Assert.InRange(rib.SlotSentCount, 0, plain);
        int live = 0;
        foreach (var ids in _wanted.Values) if (ids.Count > 0) live++;
        Assert.Equal(live, _rib.Ipv4.PrefixCount + _rib.Ipv6.PrefixCount);
        Assert.Equal(live, _rib.Ipv4.IndexedDestinations + _rib.Ipv6.IndexedDestinations);
    }
}

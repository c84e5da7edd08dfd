using Bgp.Protocol;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests.Export;

/// <summary>
/// A real Loc-RIB as an Adj-RIB-Out's destination index, which gets a path to every prefix it is asked for
/// that it does not have yet: the Adj-RIB-Out tests written against the sent map run unchanged over the
/// slot store, as if the engine had put every exported prefix into the Loc-RIB first.
/// </summary>
internal sealed class SelfPopulatingLocRib(Rib rib, Afi afi) : IDestinationHolds
{
    public const int SourcePeer = 1;

    private readonly LocRib _table = rib.Table(afi);

    public LocRib Table => _table;

    public static Rib NewRib()
    {
        var rib = new Rib();
        rib.AddPeer(Peer(SourcePeer, "192.0.2.1", 65001, "1.1.1.1"));
        return rib;
    }

    public int FindDestinationIndex(in Prefix prefix)
    {
        int d = _table.FindDestinationIndex(prefix);
        if (d >= 0) return d;
        var nextHop = afi == Afi.Ipv4 ? "192.0.2.1" : "2001:db8::99";
        rib.Announce(SourcePeer, new Nlri(prefix), Attrs(nextHop: nextHop));
        return _table.FindDestinationIndex(prefix);
    }

    /// <summary>Holds taken and given back through this index (for tests of how often the Adj-RIB-Out updates them).</summary>
    public int HoldCalls { get; private set; }
    public int ReleaseCalls { get; private set; }

    public void HoldDestination(int d)
    {
        HoldCalls++;
        _table.HoldDestination(d);
    }

    public void ReleaseDestination(int d)
    {
        ReleaseCalls++;
        _table.ReleaseDestination(d);
    }

    public Prefix PrefixAt(int d) => _table.PrefixAt(d);

    public int DestinationSpan => ((IDestinationHolds)_table).DestinationSpan;
}

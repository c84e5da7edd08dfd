using Bgp.Protocol;

namespace Bgp.Rib;

/// <summary>
/// The outcome of one operation on one prefix. <paramref name="Destination"/> is the Loc-RIB's destination
/// index of <paramref name="Prefix"/> right after the operation (the index <see cref="IDestinationHolds"/>
/// hands out), -1 when unknown or when the operation removed the destination. It is a hint, good only until
/// the Loc-RIB changes again (a later operation, or the release of a hold, may free or reuse the index), so
/// readers check it against the prefix (LocRib.CurrentDestination) before using it: the engine then reads the
/// best path and each Adj-RIB-Out's state by it instead of hashing the prefix once more per peer.
/// </summary>
public readonly record struct RibChange(Prefix Prefix, RibChangeKind Kind, int Destination = -1)
{
    public bool BestPathChanged => (Kind & RibChangeKind.BestPath) != 0;
    public bool MultipathChanged => (Kind & RibChangeKind.Multipath) != 0;
}

using Bgp.Protocol;

namespace Bgp.Rib;

/// <summary>
/// Holds on destinations (<see cref="IDestinationHolds"/>): a count per destination in a side store. A held
/// destination whose last path goes stays in the prefix index as an empty destination (no path, no best),
/// invisible to every reader (not in <see cref="PrefixCount"/>, no best path, no explanation), and comes
/// alive again with the next announcement; the release that brings its count to zero removes it. The
/// engine withdraws a prefix from the Loc-RIB before it exports the change, so without the hold the index
/// an Adj-RIB-Out keyed its sent state by would be gone (or reused) by then.
/// </summary>
public sealed partial class LocRib : IDestinationHolds
{
    /// <summary>The destination index of <paramref name="prefix"/>, live or held; -1 when absent.</summary>
    internal int FindDestinationIndex(in Prefix prefix) => FindDestination(prefix);

    internal void HoldDestination(int d)
    {
        CheckIndexed(d);
        _holds[d]++;
    }

    internal void ReleaseDestination(int d)
    {
        CheckIndexed(d);
        ref int holds = ref _holds[d];
        if (holds <= 0) throw new InvalidOperationException("released a destination that was not held");
        if (--holds == 0 && _destinations[d].FirstPath < 0) RemoveDestination(d);
    }

    internal Prefix PrefixAt(int d)
    {
        CheckIndexed(d);
        return _destinations[d].Prefix;
    }

    /// <summary>Destinations in the prefix index, live or kept by a hold (for tests).</summary>
    internal int IndexedDestinations => _indexedDestinations;

    /// <summary>Holds on destination <paramref name="d"/> (for tests).</summary>
    internal int HoldsOn(int d) => _holds[d];

    private void CheckIndexed(int d)
    {
        // Indices come from FindDestinationIndex; one beyond the high mark is a broken caller.
        if ((uint)d >= (uint)_destinationHigh) throw new ArgumentOutOfRangeException(nameof(d), d, "not a destination index");
    }

    int IDestinationHolds.FindDestinationIndex(in Prefix prefix) => FindDestinationIndex(prefix);

    void IDestinationHolds.HoldDestination(int d) => HoldDestination(d);

    void IDestinationHolds.ReleaseDestination(int d) => ReleaseDestination(d);

    Prefix IDestinationHolds.PrefixAt(int d) => PrefixAt(d);

    int IDestinationHolds.DestinationSpan => _destinationHigh;
}

using Bgp.Protocol;

namespace Bgp.Rib;

/// <summary>
/// A dense index of the prefixes of one family (a <see cref="LocRib"/>'s destinations) that others may key
/// per-prefix state by, and pin entries of: a held index keeps naming its prefix after the prefix's last
/// path is gone, until released. The Adj-RIB-Out keeps what it sent to a peer with a quarter of the table or
/// more this way (4 bytes per route
/// per peer instead of a hash entry of about 34), and its hold is what lets the withdrawal that follows a
/// prefix's last path out of the Loc-RIB still find what was sent.
/// </summary>
internal interface IDestinationHolds
{
    /// <summary>The index of <paramref name="prefix"/>, held or live; -1 when the index has no such prefix.</summary>
    int FindDestinationIndex(in Prefix prefix);

    /// <summary>Pins destination <paramref name="d"/> (an index just returned by <see cref="FindDestinationIndex"/>).</summary>
    void HoldDestination(int d);

    /// <summary>Gives back one hold; the last one frees a destination that has no path left.</summary>
    void ReleaseDestination(int d);

    /// <summary>The prefix of a live or held destination.</summary>
    Prefix PrefixAt(int d);

    /// <summary>Destination indexes handed out so far (every index is below it): the range a slot store covers.</summary>
    int DestinationSpan { get; }
}

using Bgp.Protocol;

namespace Bgp.Interop.Tests.Harness;

/// <summary>
/// One daemon's own view of one neighbor: the FSM state it shows, the AS it learned from the OPEN, and
/// the capabilities it says it sent and received (RFC 5492), read from the daemon's control interface.
/// </summary>
public sealed record NeighborView(
    string State,
    bool Established,
    uint? PeerAs,
    IReadOnlySet<PeerCapability> Sent,
    IReadOnlySet<PeerCapability> Received,
    IReadOnlySet<AfiSafi> SentFamilies,
    IReadOnlySet<AfiSafi> ReceivedFamilies)
{
    public override string ToString() =>
        $"{State} peer-as {PeerAs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} " +
        $"sent [{string.Join(",", Sent.Order())}] received [{string.Join(",", Received.Order())}] " +
        $"families sent [{string.Join(",", SentFamilies)}] received [{string.Join(",", ReceivedFamilies)}]";
}

using Bgp.Protocol.Attributes;

namespace Bgp.Rib.Tests;

/// <summary>
/// Two paths to one prefix that tie on every step before <see cref="Step"/> and differ there.
/// Path A comes from <see cref="PeerA"/> with <see cref="PathIdA"/>, path B likewise; when both peers are
/// the same object the case is about ADD-PATH paths from one peer.
/// </summary>
public sealed record DecisionCase(
    RibPeer PeerA, PathAttributes AttrsA, RibPeer PeerB, PathAttributes AttrsB, char Winner, DecisionStep Step)
{
    public DecisionOptions Options { get; init; } = DecisionOptions.Default;
    public uint PathIdA { get; init; }
    public uint PathIdB { get; init; }
    public uint CostA { get; init; } = 10;
    public uint CostB { get; init; } = 10;
    public bool ReachableA { get; init; } = true;
    /// <summary>RFC 5004 cases depend on arrival order by design: A always arrives first.</summary>
    public bool OrderMatters { get; init; }
}

using Bgp.Protocol;

namespace Bgp.Rib.Engine;

/// <summary>
/// The peer's accepted paths went over its limit (RFC 4486) with an UPDATE of <paramref name="Family"/>:
/// with <see cref="PrefixLimitAction.Shutdown"/> the loop sends CEASE / Maximum Number of Prefixes Reached
/// carrying the family and <paramref name="Limit"/>. Reported once per crossing.
/// </summary>
public sealed record PrefixLimitReached(int PeerId, AfiSafi Family, uint Limit, int Count, PrefixLimitAction Action) : RibOutcome(PeerId);

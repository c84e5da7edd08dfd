namespace Bgp.Protocol.Capabilities;

/// <summary>One (NLRI family, next-hop AFI) tuple of the Extended Next Hop capability.</summary>
public readonly record struct ExtendedNextHopEntry(AfiSafi Family, Afi NextHopAfi);

namespace Bgp.Rib.Engine;

/// <summary>The session with <paramref name="PeerId"/> reached Established with these negotiated facts and options.</summary>
public sealed record PeerUp(int PeerId, PeerFacts Facts, PeerRibOptions Options) : RibCommand;

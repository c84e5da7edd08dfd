using Bgp.Protocol;

namespace Bgp.Testing.Session;

/// <summary>Two speakers' identities for collision runs: distinct ids, or equal ids with distinct ASes (RFC 6286).</summary>
public sealed record SpeakerPair(uint IdA, uint AsA, uint IdB, uint AsB, int Seed)
{
    public override string ToString() => $"A={RouterId.Format(IdA)}/AS{AsA} B={RouterId.Format(IdB)}/AS{AsB} seed={Seed}";
}

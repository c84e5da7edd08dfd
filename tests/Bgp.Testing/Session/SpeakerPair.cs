using Bgp.Protocol;

namespace Bgp.Testing.Session;

/// <summary>Two speakers' identities for collision runs: distinct ids, or equal ids with distinct ASes (RFC 6286).</summary>
public sealed record SpeakerPair(uint IdA, uint AsA, uint IdB, uint AsB, int Seed)
{
    /// <summary>True when A's connection is the one RFC 4271 6.8 dumps (A has the lower identifier, or AS on a tie).</summary>
    public bool LowerIsA => IdA != IdB ? IdA < IdB : AsA < AsB;

    public override string ToString() => $"A={RouterId.Format(IdA)}/AS{AsA} B={RouterId.Format(IdB)}/AS{AsB} seed={Seed}";
}

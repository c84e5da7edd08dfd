using Bgp.Protocol;
using Bgp.Protocol.Attributes;

namespace Bgp.Testing.Rib;

/// <summary>One step of a RIB scenario: an announcement (attributes set) or a withdrawal (attributes null) of (peer, prefix, path id).</summary>
public sealed record RibOp(int PeerId, Prefix Prefix, uint PathId, PathAttributes? Attributes)
{
    public bool IsWithdraw => Attributes is null;

    public override string ToString() =>
        IsWithdraw ? $"withdraw {Prefix} peer {PeerId} id {PathId}"
                   : $"announce {Prefix} peer {PeerId} id {PathId} lp={Attributes!.LocalPref} path={Attributes.AsPath} origin={Attributes.Origin} med={Attributes.MultiExitDisc} nh={Attributes.NextHop} orig={Attributes.OriginatorId} cl={Attributes.ClusterList.Length}";
}

using System.Collections.Immutable;
using System.Net;

namespace Bgp.Daemon.Config;

/// <summary>A peer present before and after a reload (matched by address) whose settings differ.</summary>
public sealed record PeerChange(NeighborConfig Old, NeighborConfig New, ImmutableArray<string> ChangedKeys, PeerChangeEffect Effect)
{
    public IPAddress Address => New.Address;
    public bool RequiresSessionReset => (Effect & PeerChangeEffect.SessionReset) != 0;
}

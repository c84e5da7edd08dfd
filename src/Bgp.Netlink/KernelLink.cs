namespace Bgp.Netlink;

/// <summary>An interface from an RTM_GETLINK dump. <see cref="IsUp"/> is IFF_UP (administratively up),
/// <see cref="HasCarrier"/> IFF_LOWER_UP.</summary>
public sealed record KernelLink(int Index, string Name, uint Flags, int Mtu)
{
    public bool IsUp => (Flags & Wire.Rt.IFF_UP) != 0;
    public bool HasCarrier => (Flags & Wire.Rt.IFF_LOWER_UP) != 0;
}

using System.Net;
using System.Net.Sockets;

namespace Bgp.Rib;

/// <summary>
/// What the decision process needs to know about the neighbour a path came from: its small numeric id
/// (the name every message between owners uses), its address, AS, BGP identifier and whether the
/// session is internal. Registered once in the <see cref="PeerTable"/>; paths refer to it by id so that
/// a path entry stays a few machine words.
/// </summary>
public sealed class RibPeer
{
    /// <summary>Peer ids are kept in 16 bits inside every path entry.</summary>
    public const int MaxId = ushort.MaxValue;

    private readonly UInt128 _addressKey;

    public RibPeer(int id, IPAddress address, uint remoteAs, uint bgpId, bool isInternal)
    {
        if ((uint)id > MaxId) throw new ArgumentOutOfRangeException(nameof(id));
        ArgumentNullException.ThrowIfNull(address);
        Id = id;
        Address = address;
        RemoteAs = remoteAs;
        BgpId = bgpId;
        IsInternal = isInternal;
        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        address.TryWriteBytes(bytes, out int written);
        IsIpv6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        UInt128 key = 0;
        for (int i = 0; i < written; i++) key = (key << 8) | bytes[i];
        _addressKey = key;
    }

    public int Id { get; }
    public IPAddress Address { get; }
    public uint RemoteAs { get; }
    /// <summary>The BGP Identifier from the peer's OPEN (RFC 4271 4.2).</summary>
    public uint BgpId { get; }
    /// <summary>True for an iBGP session (same AS, or a confederation member treated as internal).</summary>
    public bool IsInternal { get; }
    public bool IsIpv6 { get; }

    /// <summary>
    /// Orders peer addresses for the last step of RFC 4271 9.1.2.2 (g): numerically, IPv4 before IPv6.
    /// </summary>
    public static int CompareAddress(RibPeer a, RibPeer b)
    {
        int c = a.IsIpv6.CompareTo(b.IsIpv6);
        return c != 0 ? c : a._addressKey.CompareTo(b._addressKey);
    }

    public override string ToString() => $"peer {Id} {Address} AS{RemoteAs}";
}

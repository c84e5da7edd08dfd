using System.Net;
using Bgp.Protocol;
using Bgp.Rib.Engine;

namespace Bgp.Rib.Tests.Simulation;

/// <summary>
/// One router of a <see cref="SimNetwork"/>: a <see cref="RibEngine"/> with the addresses its sessions use
/// (one IPv4 and one IPv6 address per router, shared by all of its sessions, as on a loopback-peered iBGP
/// mesh) and the prefixes it was told to originate.
/// </summary>
internal sealed class SimSpeaker
{
    public SimSpeaker(int index, uint localAs, uint? clusterId)
    {
        Index = index;
        // Router n (from 1) is 10.0.x.y with x.y = n; its session addresses 10.1.x.y and fd00::n.
        uint n = (uint)index + 1;
        RouterId = (10u << 24) | n;
        AddressV4 = IPAddress.Parse($"10.1.{n >> 8}.{n & 0xff}");
        AddressV6 = IPAddress.Parse($"fd00::{n:x}");
        Engine = new RibEngine(new RibEngineSettings(localAs, RouterId) { ClusterId = clusterId });
    }

    public int Index { get; }
    public uint RouterId { get; }
    public IPAddress AddressV4 { get; }
    public IPAddress AddressV6 { get; }
    public RibEngine Engine { get; }
    public uint LocalAs => Engine.Settings.LocalAs;
    public uint ClusterId => Engine.Speaker.ClusterId;

    /// <summary>The session ids this router uses, from 1 up, in the order links were made.</summary>
    public int NextPeerId { get; set; } = 1;

    public HashSet<Prefix> Originated { get; } = [];

    public override string ToString() => $"R{Index + 1} ({Bgp.Protocol.RouterId.Format(RouterId)}, AS {LocalAs})";
}

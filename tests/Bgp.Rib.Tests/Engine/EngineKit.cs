using System.Buffers;
using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Messages;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;
using Bgp.Rib.Tests.Export;

namespace Bgp.Rib.Tests.Engine;

/// <summary>A RibEngine for AS 65000 with helpers to bring peers up, feed UPDATEs and read what each peer would get.</summary>
internal static class EngineKit
{
    public const uint LocalAs = 65000;
    public static readonly uint RouterId = Bgp.Protocol.RouterId.Parse("10.0.0.1");
    public static readonly PeerRibOptions AcceptAll = new() { ImportFilter = Filter.AcceptAll, ExportFilter = Filter.AcceptAll };

    public static RibEngine NewEngine() => new(new RibEngineSettings(LocalAs, RouterId));

    /// <summary>Peer <paramref name="id"/> at 192.0.2.id (our side 192.0.2.100), IPv4 unicast, 4-octet AS.</summary>
    public static PeerUp Up(int id, uint peerAs, PeerRibOptions? options = null, bool fourOctet = true) =>
        new(id, new PeerFacts(IPAddress.Parse($"192.0.2.{id}"), peerAs, Bgp.Protocol.RouterId.Parse($"10.0.0.{id + 1}"), peerAs == LocalAs,
            [AfiSafi.Ipv4Unicast], fourOctet ? CodecOptions.FourOctet : CodecOptions.Default)
        {
            LocalAddressV4 = Self,
        }, options ?? AcceptAll);

    public static readonly IPAddress Self = IPAddress.Parse("192.0.2.100");

    public static UpdateMessage Announce(string prefix, PathAttributes attributes) =>
        new() { Attributes = attributes, Nlri = [new Nlri(Prefix.Parse(prefix))] };

    public static UpdateMessage WithdrawOf(string prefix) => new() { Withdrawn = [new Nlri(Prefix.Parse(prefix))] };

    public static PathAttributes Attrs(string nextHop, params uint[] asns) =>
        new() { Origin = Origin.Igp, AsPath = AsPath.FromSequence(asns), NextHop = IPAddress.Parse(nextHop) };

    /// <summary>Everything pending for the peer, decoded with its codec options; asserts the drain completes.</summary>
    public static List<UpdateMessage> Drain(RibEngine engine, int peerId)
    {
        Assert.True(engine.TryGetPeerFacts(peerId, out var facts));
        var output = new ArrayBufferWriter<byte>();
        bool more = engine.WritePending(peerId, output, 1 << 20, facts.CodecOptions);
        Assert.False(more);
        Assert.False(engine.HasPending(peerId));
        return ExportKit.DecodeAll(output.WrittenSpan, facts.CodecOptions);
    }

    /// <summary>Drained UPDATEs without End-of-RIB markers.</summary>
    public static List<UpdateMessage> DrainRoutes(RibEngine engine, int peerId) =>
        Drain(engine, peerId).FindAll(u => u.EndOfRib is null);
}

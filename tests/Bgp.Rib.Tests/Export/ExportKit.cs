using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using Bgp.Rib.Export;

namespace Bgp.Rib.Tests.Export;

/// <summary>A reflector in AS 65000 (router id and cluster id 10.0.0.1) and the peers and sources the export tests use.</summary>
internal static class ExportKit
{
    public const uint LocalAs = 65000;
    public static readonly uint OurRouterId = Bgp.Protocol.RouterId.Parse("10.0.0.1");
    public static readonly LocalSpeaker Speaker = new(LocalAs, OurRouterId);
    public static readonly IPAddress SelfV4 = IPAddress.Parse("198.51.100.1");
    public static readonly IPAddress SelfV6 = IPAddress.Parse("2001:db8::1");
    public static readonly IPAddress SelfLinkLocal = IPAddress.Parse("fe80::1");

    public static ExportPeer Ebgp(int id = 10, uint asn = 65100) =>
        new(id, asn, IsInternal: false) { LocalAddressV4 = SelfV4, LocalAddressV6 = SelfV6, LinkLocalV6 = SelfLinkLocal };

    public static ExportPeer Ibgp(int id = 20, bool client = false) =>
        new(id, LocalAs, IsInternal: true) { IsReflectorClient = client, LocalAddressV4 = SelfV4, LocalAddressV6 = SelfV6 };

    public static ExportSource FromEbgp(int id = 1) => new(id, SourceKind.External, Bgp.Protocol.RouterId.Parse("192.0.2.1"));
    public static ExportSource FromNonClient(int id = 2) => new(id, SourceKind.InternalNonClient, Bgp.Protocol.RouterId.Parse("10.0.0.2"));
    public static ExportSource FromClient(int id = 3) => new(id, SourceKind.ReflectorClient, Bgp.Protocol.RouterId.Parse("10.0.0.3"));
    public static ExportSource Local => ExportSource.Local(OurRouterId);

    public static PathAttributes WithCommunity(uint community) =>
        RibTestKit.Attrs() with { Communities = [community] };

    public static RouteAttributes Route(PathAttributes attributes, IPAddress? nextHop = null) =>
        new AttributeInterner().Intern(attributes, nextHop);

    /// <summary>Splits a byte stream into messages and decodes each one; fails the test on any decode error.</summary>
    public static List<UpdateMessage> DecodeAll(ReadOnlySpan<byte> bytes, CodecOptions options)
    {
        // The receiver reads path identifiers where the sender writes them (RFC 7911).
        options = options with { AddPathReceive = options.AddPathSend };
        var list = new List<UpdateMessage>();
        while (!bytes.IsEmpty)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(bytes[16..]);
            var result = BgpDecoder.Decode(bytes[..length], options);
            Assert.True(result.Success, result.Error?.Reason);
            var update = Assert.IsType<UpdateMessage>(result.Message);
            Assert.Empty(update.Errors);
            list.Add(update);
            bytes = bytes[length..];
        }
        return list;
    }

    /// <summary>Everything pending, written with a large budget; asserts nothing remains.</summary>
    public static List<UpdateMessage> Drain(AdjRibOut rib, CodecOptions options)
    {
        var output = new ArrayBufferWriter<byte>();
        bool more = rib.WritePending(output, int.MaxValue, options, out int written);
        Assert.False(more);
        Assert.Equal(output.WrittenCount, written);
        return DecodeAll(output.WrittenSpan, options);
    }

    /// <summary>Announced routes of a decoded UPDATE, from the NLRI field or MP_REACH_NLRI.</summary>
    public static IEnumerable<Nlri> Announced(UpdateMessage u) => u.MpReach is { } mp ? [.. u.Nlri, .. mp.Nlri] : u.Nlri;

    public static IEnumerable<Nlri> Withdrawn(UpdateMessage u) => u.MpUnreach is { } mp ? [.. u.Withdrawn, .. mp.Withdrawn] : u.Withdrawn;
}

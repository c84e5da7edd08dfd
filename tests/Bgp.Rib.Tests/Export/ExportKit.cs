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

    /// <summary>One WritePending call with about one message's budget, applied to a model of the peer's view (the Adj-RIB-Out model tests): each route once per write, never a stale set, a withdrawal only of what the peer has, End-of-RIB only after every route of its family the peer is owed.</summary>
    public static void WriteOnce(AdjRibOut rib, Dictionary<Nlri, uint> peer, Dictionary<Nlri, uint> asked, Random random, CodecOptions options)
    {
        var output = new ArrayBufferWriter<byte>();
        rib.WritePending(output, 4096 + random.Next(3000), options, out int written);
        Assert.Equal(output.WrittenCount, written);
        // Every change came before the call, so what goes out is the latest state of each route, once.
        var seen = new HashSet<Nlri>();
        foreach (var update in DecodeAll(output.WrittenSpan, options))
        {
            foreach (var nlri in Withdrawn(update))
            {
                Assert.True(peer.Remove(nlri), $"{nlri} withdrawn but never announced");
                Assert.False(asked.ContainsKey(nlri), $"{nlri} withdrawn but still wanted");
                Assert.True(seen.Add(nlri), $"{nlri} twice in one write");
            }
            foreach (var nlri in Announced(update))
            {
                uint pref = update.Attributes.LocalPref!.Value;
                Assert.True(asked.TryGetValue(nlri, out uint wanted) && wanted == pref, $"{nlri} sent with a stale set");
                Assert.True(seen.Add(nlri), $"{nlri} twice in one write");
                peer[nlri] = pref;
            }
            if (update.EndOfRib is { } family)
            {
                // RFC 4724 2: End-of-RIB follows every route of the family the peer is owed.
                var owed = Sorted(asked.Where(p => p.Key.Prefix.Afi == family.Afi));
                var has = Sorted(peer.Where(p => p.Key.Prefix.Afi == family.Afi));
                Assert.Equal(owed, has);
            }
        }
    }

    /// <summary>A model's routes as sorted "prefix local-pref" lines, for comparing two views.</summary>
    public static List<string> Sorted(IEnumerable<KeyValuePair<Nlri, uint>> routes)
    {
        var list = new List<string>();
        foreach (var (nlri, pref) in routes) list.Add($"{nlri} {pref}");
        list.Sort(StringComparer.Ordinal);
        return list;
    }
}

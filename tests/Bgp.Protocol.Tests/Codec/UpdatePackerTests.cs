using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using Bgp.Testing.Arbitraries;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bgp.Protocol.Tests.Codec;

/// <summary>
/// UpdatePacker puts routes sharing one attribute set into as few UPDATEs as the session's maximum
/// length allows (RFC 4271 4.3, RFC 8654), each a valid message.
/// </summary>
public class UpdatePackerTests
{
    private static readonly PathAttributes Attrs = new()
    {
        Origin = Origin.Igp,
        AsPath = AsPath.FromSequence(64500, 65550, 4200000000),
        NextHop = IPAddress.Parse("192.0.2.1"),
        LocalPref = 100,
        Communities = [0xFDE80001, 0xFDE80002],
    };

    private static readonly byte[] V6NextHop = BgpEncoder.NextHopBytes(IPAddress.Parse("2001:db8::1"), IPAddress.Parse("fe80::1"));

    private static CodecOptions Options(bool extended, AfiSafi? addPath) => new()
    {
        FourOctetAs = true,
        ExtendedMessage = extended,
        AddPathSend = addPath is { } f ? [f] : [],
        AddPathReceive = addPath is { } g ? [g] : [],
    };

    private static Nlri[] Routes(int n, bool ipv6, int length, bool pathIds) =>
        [.. Enumerable.Range(0, n).Select(i => new Nlri(
            ipv6 ? Prefix.V6(0x2001_0db8_0000_0000UL | (ulong)i << 16, 0, length) : Prefix.V4(0x0A000000u | (uint)i << 8, length),
            pathIds ? (uint)(i % 3 + 1) : 0))];

    /// <summary>Cuts the packer's output into messages by their length fields.</summary>
    private static List<byte[]> Split(ReadOnlySpan<byte> output)
    {
        var list = new List<byte[]>();
        while (!output.IsEmpty)
        {
            int len = BinaryPrimitives.ReadUInt16BigEndian(output[16..]);
            list.Add(output[..len].ToArray());
            output = output[len..];
        }
        return list;
    }

    private static int AttributesLength(PathAttributes a, CodecOptions o) =>
        BgpEncoder.ToArray(new UpdateMessage { Attributes = a }, o).Length - BgpConstants.MinUpdateLength;

    private static int NlriSize(Nlri n, bool addPath) => (addPath ? 5 : 1) + n.Prefix.ByteCount;

    /// <summary>
    /// Every message fits and decodes without error; the routes come back in order; and every message but
    /// the last is full (the next route would not have fitted), which makes the count the minimum for an
    /// order-keeping packing.
    /// </summary>
    private static List<UpdateMessage> CheckPacking(byte[] output, int written, Nlri[] routes, CodecOptions o,
        Func<UpdateMessage, IEnumerable<Nlri>> routesOf, bool addPath)
    {
        var raw = Split(output);
        Assert.Equal(written, raw.Count);
        var decoded = new List<UpdateMessage>();
        var back = new List<Nlri>();
        for (int i = 0; i < raw.Count; i++)
        {
            Assert.InRange(raw[i].Length, BgpConstants.MinUpdateLength, o.MaxMessageLength);
            var r = BgpDecoder.Decode(raw[i], BgpGen.Mirror(o));
            Assert.True(r.Success, r.Error?.ToString());
            var u = Assert.IsType<UpdateMessage>(r.Message);
            Assert.Empty(u.Errors);
            decoded.Add(u);
            int before = back.Count;
            back.AddRange(routesOf(u));
            if (i < raw.Count - 1)
                Assert.True(raw[i].Length + NlriSize(routes[back.Count], addPath) > o.MaxMessageLength,
                    $"message {i} of {raw[i].Length} octets had room for the next route");
            Assert.True(back.Count > before);
        }
        Assert.Equal(routes, back);
        return decoded;
    }

    private static int ExpectedCount(int n, int perRoute, int fixedLength, CodecOptions o)
    {
        int perMessage = (o.MaxMessageLength - fixedLength) / perRoute;
        return (n + perMessage - 1) / perMessage;
    }

    [Theory]
    [InlineData(false, false, 5000)]
    [InlineData(false, true, 5000)]
    [InlineData(true, false, 40000)]
    [InlineData(true, true, 40000)]
    public void WriteAnnouncements_Ipv4Classic_MinimumMessagesThatFit(bool extended, bool addPath, int n)
    {
        var o = Options(extended, addPath ? AfiSafi.Ipv4Unicast : null);
        var routes = Routes(n, false, 24, addPath);
        var output = new ArrayBufferWriter<byte>();
        int written = UpdatePacker.WriteAnnouncements(output, AfiSafi.Ipv4Unicast, Attrs, routes, [], o);
        var decoded = CheckPacking(output.WrittenSpan.ToArray(), written, routes, o, u => u.Nlri, addPath);
        Assert.All(decoded, u => Assert.Equal(Attrs, u.Attributes));
        Assert.All(decoded, u => Assert.Null(u.MpReach));
        int fixedLength = BgpConstants.MinUpdateLength + AttributesLength(Attrs, o);
        Assert.Equal(ExpectedCount(n, NlriSize(routes[0], addPath), fixedLength, o), written);
    }

    [Theory]
    [InlineData(false, false, 2, 3000)]
    [InlineData(false, true, 2, 3000)]
    [InlineData(true, true, 2, 30000)]
    [InlineData(false, true, 1, 3000)]
    public void WriteAnnouncements_MpReach_MinimumMessagesThatFit(bool extended, bool addPath, int afi, int n)
    {
        // AFI 2: IPv6 unicast with global + link-local next hop (RFC 2545); AFI 1: IPv4 over an IPv6 next hop (RFC 8950).
        var family = afi == 2 ? AfiSafi.Ipv6Unicast : AfiSafi.Ipv4Unicast;
        var o = Options(extended, addPath ? family : null);
        var routes = Routes(n, afi == 2, afi == 2 ? 48 : 24, addPath);
        var attrs = new PathAttributes { Origin = Origin.Igp, AsPath = Attrs.AsPath, LargeCommunities = [new LargeCommunity(64500, 1, 2)] };
        var output = new ArrayBufferWriter<byte>();
        int written = UpdatePacker.WriteAnnouncements(output, family, attrs, routes, V6NextHop, o);
        var decoded = CheckPacking(output.WrittenSpan.ToArray(), written, routes, o, u => u.MpReach!.Nlri, addPath);
        Assert.All(decoded, u =>
        {
            Assert.Equal(attrs, u.Attributes);
            Assert.Equal(family, u.MpReach!.Family);
            Assert.Equal(IPAddress.Parse("fe80::1"), u.MpReach.LinkLocalNextHop);
            Assert.Empty(u.Nlri);
        });
        int fixedLength = BgpConstants.MinUpdateLength + AttributesLength(attrs, o) + 4 + 5 + V6NextHop.Length;
        Assert.Equal(ExpectedCount(n, NlriSize(routes[0], addPath), fixedLength, o), written);
    }

    [Theory]
    [InlineData(1, false, false, 5000)]
    [InlineData(1, true, false, 5000)]
    [InlineData(1, true, true, 40000)]
    [InlineData(2, false, false, 3000)]
    [InlineData(2, true, false, 3000)]
    [InlineData(2, true, true, 30000)]
    public void WriteWithdrawals_ClassicOrMpUnreach_MinimumMessagesThatFit(int afi, bool addPath, bool extended, int n)
    {
        var family = afi == 2 ? AfiSafi.Ipv6Unicast : AfiSafi.Ipv4Unicast;
        var o = Options(extended, addPath ? family : null);
        var routes = Routes(n, afi == 2, afi == 2 ? 56 : 24, addPath);
        var output = new ArrayBufferWriter<byte>();
        int written = UpdatePacker.WriteWithdrawals(output, family, routes, o);
        var decoded = CheckPacking(output.WrittenSpan.ToArray(), written, routes, o,
            u => afi == 2 ? u.MpUnreach!.Withdrawn : u.Withdrawn, addPath);
        Assert.All(decoded, u =>
        {
            Assert.Equal(PathAttributes.Empty, u.Attributes);
            Assert.False(u.HasReachability);
        });
        int fixedLength = BgpConstants.MinUpdateLength + (afi == 2 ? 7 : 0);
        Assert.Equal(ExpectedCount(n, NlriSize(routes[0], addPath), fixedLength, o), written);
    }

    [Fact]
    public void WriteAnnouncements_NoRoutes_WritesNothing()
    {
        var output = new ArrayBufferWriter<byte>();
        Assert.Equal(0, UpdatePacker.WriteAnnouncements(output, AfiSafi.Ipv4Unicast, Attrs, [], [], CodecOptions.FourOctet));
        Assert.Equal(0, UpdatePacker.WriteWithdrawals(output, AfiSafi.Ipv6Unicast, [], CodecOptions.FourOctet));
        Assert.Equal(0, output.WrittenCount);
    }

    /// <summary>Mixed prefix lengths, any session options, any valid attribute set: same invariants.</summary>
    [Property(MaxTest = 100)]
    public Property Packer_AnyRoutesAndOptions_FullMessagesThatDecodeToTheInput()
    {
        var gen =
            from o in BgpGen.Options
            from v6 in BgpGen.Bool
            let family = v6 ? AfiSafi.Ipv6Unicast : AfiSafi.Ipv4Unicast
            from routes in BgpGen.ArrayOf(BgpGen.Route(v6, o.SendsPathId(family)), 1, 3000)
            from attrs in BgpGen.Attributes(o, mandatory: true, nextHop: !v6)
            from withdraw in BgpGen.Bool
            select (o, family, routes, attrs, withdraw);
        return Prop.ForAll(Arb.From(gen), c =>
        {
            bool addPath = c.o.SendsPathId(c.family);
            var output = new ArrayBufferWriter<byte>();
            int written = c.withdraw
                ? UpdatePacker.WriteWithdrawals(output, c.family, c.routes, c.o)
                : UpdatePacker.WriteAnnouncements(output, c.family, c.attrs, c.routes, c.family.Afi == Afi.Ipv6 ? V6NextHop : [], c.o);
            Func<UpdateMessage, IEnumerable<Nlri>> routesOf = (c.withdraw, c.family.Afi) switch
            {
                (true, Afi.Ipv4) => u => u.Withdrawn,
                (true, _) => u => u.MpUnreach!.Withdrawn,
                (false, Afi.Ipv4) => u => u.Nlri,
                _ => u => u.MpReach!.Nlri,
            };
            var decoded = CheckPacking(output.WrittenSpan.ToArray(), written, c.routes, c.o, routesOf, addPath);
            if (!c.withdraw) Assert.All(decoded, u => Assert.Equal(c.attrs, u.Attributes));
        });
    }
}

using System.Runtime.InteropServices;
using Bgp.Netlink.Wire;
using static Bgp.Netlink.Tests.Harness.R;

namespace Bgp.Netlink.Tests;

/// <summary>Wire layout of requests and acks, checked byte by byte without a kernel.</summary>
public sealed class EncodingTests
{
    private static byte[] Encode(RouteRequest request, uint seq = 7)
    {
        var buffer = new byte[1024];
        var w = new NetlinkWriter(buffer);
        RouteEncoder.Write(ref w, request, seq, 42, new NetlinkOptions());
        Assert.Equal(RouteEncoder.Measure(request), w.Length);
        return w.Written.ToArray();
    }

    [Fact]
    public void Encode_Ipv4RouteWithGateway_MatchesRtnetlinkLayout()
    {
        var bytes = Encode(RouteRequest.Replace(Via("10.1.0.0/24", "10.0.0.2", table: 100, oif: 3, metric: 20)));
        byte[] expected =
        [
            68, 0, 0, 0, 24, 0, 0x05, 0x05, 7, 0, 0, 0, 42, 0, 0, 0, // nlmsghdr: RTM_NEWROUTE, REQUEST|ACK|CREATE|REPLACE
            2, 24, 0, 0, 100, 186, 0, 1, 0, 0, 0, 0,                  // rtmsg: AF_INET /24 table 100 proto 186 universe unicast
            8, 0, 15, 0, 100, 0, 0, 0,                                // RTA_TABLE 100
            8, 0, 1, 0, 10, 1, 0, 0,                                  // RTA_DST
            8, 0, 6, 0, 20, 0, 0, 0,                                  // RTA_PRIORITY 20
            8, 0, 5, 0, 10, 0, 0, 2,                                  // RTA_GATEWAY
            8, 0, 4, 0, 3, 0, 0, 0,                                   // RTA_OIF 3
        ];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void Encode_DeleteInLargeTable_KeepsProtocolAndUsesRtaTable()
    {
        var bytes = Encode(RouteRequest.Delete(Of("10.2.0.0/16", RouteType.Unspecified, table: 70_000)));
        Assert.Equal(25, MemoryMarshal.Read<ushort>(bytes.AsSpan(4)));   // RTM_DELROUTE
        Assert.Equal(0x05, MemoryMarshal.Read<ushort>(bytes.AsSpan(6))); // REQUEST|ACK only
        Assert.Equal(0, bytes[16 + 4]);                                  // rtm_table UNSPEC
        Assert.Equal(186, bytes[16 + 5]);                                // our protocol, so only our routes match
        Assert.Equal(255, bytes[16 + 6]);                                // RT_SCOPE_NOWHERE
        Assert.Equal(70_000u, MemoryMarshal.Read<uint>(bytes.AsSpan(28 + 4)));
    }

    [Fact]
    public void Encode_MultipathIpv4ViaIpv6_NestsRtnexthopsWithRtaVia()
    {
        var route = Multi("10.4.0.0/24", 100, new RouteNextHop(A("10.0.0.2"), 3, OnLink: true, Weight: 2), new RouteNextHop(A("fd00::1"), 4));
        var bytes = Encode(RouteRequest.Add(route));
        var mp = bytes.AsSpan(16 + 12 + 8 + 8); // after header, rtmsg, RTA_TABLE, RTA_DST
        Assert.Equal(9, MemoryMarshal.Read<ushort>(mp[2..]));            // RTA_MULTIPATH
        Assert.Equal(4 + 16 + 32, MemoryMarshal.Read<ushort>(mp));       // two rtnexthops
        var first = mp[4..];
        Assert.Equal([16, 0, 4, 1, 3, 0, 0, 0, 8, 0, 5, 0, 10, 0, 0, 2], first[..16].ToArray()); // ONLINK, hops 1, RTA_GATEWAY
        var second = mp[20..];
        Assert.Equal(32, MemoryMarshal.Read<ushort>(second));
        Assert.Equal(18, MemoryMarshal.Read<ushort>(second[10..]));      // RTA_VIA
        Assert.Equal(10, MemoryMarshal.Read<ushort>(second[12..]));      // rtvia_family AF_INET6
        Assert.Equal(0xfd, second[14]);
    }

    [Fact]
    public void ReadMessage_ExtendedAckWithTlv_ReturnsText()
    {
        // nlmsgerr { -101, capped nlmsghdr } then NLMSGERR_ATTR_MSG "bad gw\0".
        var payload = new byte[4 + 16 + 12];
        MemoryMarshal.Write(payload, -101);
        MemoryMarshal.Write(payload.AsSpan(4), 40u);
        MemoryMarshal.Write(payload.AsSpan(20), (ushort)11);
        MemoryMarshal.Write(payload.AsSpan(22), (ushort)1);
        "bad gw\0"u8.CopyTo(payload.AsSpan(24));
        Assert.Equal(101, AckDecoder.ReadError(payload));
        Assert.Equal("bad gw", AckDecoder.ReadMessage(payload, 0x100 | 0x200));
        Assert.Null(AckDecoder.ReadMessage(payload, 0x100));
    }

    [Fact]
    public void InetPrefix_HostBitsSet_AreMasked()
    {
        Assert.Equal("10.1.0.0/16", InetPrefix.Parse("10.1.2.3/16").ToString());
        Assert.Equal("2001:db8::/33", InetPrefix.Parse("2001:db8:7fff::1/33").ToString());
        Assert.Equal("2001:db8::1:0/112", InetPrefix.Parse("2001:db8::1:2/112").ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => InetPrefix.Parse("10.0.0.0/33"));
    }
}

using System.Buffers;
using System.Collections.Immutable;
using System.Net;
using System.Runtime.InteropServices;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;

namespace Bgp.Benchmarks;

/// <summary>
/// A seeded stream of UPDATEs shaped like a full-table feed: mostly /24 (IPv4) and /48 (IPv6)
/// prefixes, AS paths of 3 to 7 ASes mixing 2- and 4-octet numbers, communities on half the
/// attribute sets and large communities on a fifth, and many prefixes sharing one attribute set so
/// that <see cref="UpdatePacker"/> fills messages the way a real speaker's Adj-RIB-Out does. About
/// a third of the groups are IPv6 (MP_REACH_NLRI, RFC 4760) and one in ten is a withdrawal.
/// </summary>
public static class SyntheticUpdates
{
    private static readonly IPAddress V4NextHop = IPAddress.Parse("192.0.2.1");
    private static readonly byte[] V6NextHop = BgpEncoder.NextHopBytes(IPAddress.Parse("2001:db8::1"));

    /// <summary>Writes groups of routes until at least <paramref name="minMessages"/> UPDATEs are out; returns how many.</summary>
    public static int Write(IBufferWriter<byte> output, int seed, int minMessages, CodecOptions options)
    {
        var random = new Random(seed);
        int messages = 0;
        var routes = new List<Nlri>(1024);
        while (messages < minMessages)
        {
            bool ipv6 = random.Next(3) == 0;
            var family = ipv6 ? AfiSafi.Ipv6Unicast : AfiSafi.Ipv4Unicast;
            routes.Clear();
            int count = GroupSize(random);
            for (int i = 0; i < count; i++) routes.Add(new Nlri(RandomPrefix(random, ipv6)));
            var span = CollectionsMarshal.AsSpan(routes);
            if (random.Next(10) == 0)
                messages += UpdatePacker.WriteWithdrawals(output, family, span, options);
            else
                messages += UpdatePacker.WriteAnnouncements(output, family, RandomAttributes(random, ipv6), span,
                    ipv6 ? V6NextHop : [], options);
        }
        return messages;
    }

    /// <summary>The MP_REACH_NLRI next hop field for a family (empty for IPv4, which uses NEXT_HOP).</summary>
    public static ReadOnlySpan<byte> NextHopFor(bool ipv6) => ipv6 ? V6NextHop : [];

    /// <summary>Few routes per set most of the time, hundreds now and then (a customer cone).</summary>
    private static int GroupSize(Random random) => random.Next(100) switch
    {
        < 40 => random.Next(1, 5),
        < 75 => random.Next(5, 51),
        _ => random.Next(50, 601),
    };

    /// <summary>A prefix with the length mix of a 2020s table: /24 and /48 dominate.</summary>
    public static Prefix RandomPrefix(Random random, bool ipv6)
    {
        int roll = random.Next(100);
        if (!ipv6)
        {
            int length = roll switch
            {
                < 60 => 24,
                < 70 => 23,
                < 78 => 22,
                < 90 => random.Next(16, 22),
                < 97 => random.Next(12, 16),
                _ => random.Next(8, 12),
            };
            // 1.0.0.0 - 223.255.255.255: unicast space.
            uint address = (uint)random.NextInt64(1L << 24, 224L << 24);
            return Prefix.V4(address, length);
        }
        int v6Length = roll switch
        {
            < 55 => 48,
            < 70 => 32,
            < 85 => random.Next(33, 48),
            < 92 => random.Next(29, 32),
            < 97 => 44,
            _ => random.Next(49, 65),
        };
        // 2000::/3, global unicast.
        ulong high = 0x2000_0000_0000_0000UL | ((ulong)random.NextInt64() & 0x1FFF_FFFF_FFFF_FFFFUL);
        return Prefix.V6(high, (ulong)random.NextInt64(), v6Length);
    }

    public static PathAttributes RandomAttributes(Random random, bool ipv6)
    {
        int pathLength = random.Next(3, 8);
        var asns = new uint[pathLength];
        for (int i = 0; i < pathLength; i++)
            asns[i] = random.Next(4) == 0 ? (uint)random.Next(131072, 401309) : (uint)random.Next(1, 64496);
        var communities = ImmutableArray<uint>.Empty;
        if (random.Next(2) == 0)
        {
            var b = ImmutableArray.CreateBuilder<uint>();
            int n = random.Next(1, 7);
            for (int i = 0; i < n; i++) b.Add(asns[0] << 16 | (uint)random.Next(1, 4000));
            b.Sort();
            communities = b.ToImmutable();
        }
        var large = ImmutableArray<LargeCommunity>.Empty;
        if (random.Next(5) == 0)
        {
            var b = ImmutableArray.CreateBuilder<LargeCommunity>();
            int n = random.Next(1, 4);
            for (int i = 0; i < n; i++) b.Add(new LargeCommunity(asns[0], (uint)random.Next(1, 10), (uint)random.Next(1, 1000)));
            large = b.ToImmutable();
        }
        return new PathAttributes
        {
            Origin = random.Next(10) == 0 ? Origin.Incomplete : Origin.Igp,
            AsPath = AsPath.FromSequence(asns),
            NextHop = ipv6 ? null : V4NextHop,
            MultiExitDisc = random.Next(3) == 0 ? (uint)random.Next(0, 1000) : null,
            Communities = communities,
            LargeCommunities = large,
        };
    }
}

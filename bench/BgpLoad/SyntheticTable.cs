using System.Collections.Immutable;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;

namespace Bgp.Load;

/// <summary>
/// A seeded synthetic Internet table. Shape taken from today's global table: IPv4 mostly /24 (about 60 %)
/// then /22, /23, /21-/16 and a thin tail up to /8; IPv6 mostly /48 then /32, /44, /40 and /29-/36;
/// every prefix distinct. AS paths 2-8 long including the generator's own AS (mode 4-5), built from
/// a few hundred transit ASes and about 75,000 origin ASes picked with a skew (a few origins announce
/// hundreds of prefixes, most a handful), 4-octet origins on 40 %, origin prepending on 5 % of paths.
/// Attribute sets: ORIGIN IGP (INCOMPLETE 8 %), MED on a third, standard communities on 45 % and
/// large communities on 12 %; 1 to 300 prefixes per set, about 15 on average.
/// </summary>
public static class SyntheticTable
{
    private static readonly int[] LengthWeights = [0, 0, 5, 20, 30, 22, 12, 7, 4]; // index = path length 2..8 incl. own AS

    public static List<RouteGroup> Build(int seed, int ipv4, int ipv6)
    {
        var random = new Random(seed);
        var transit = new uint[300];
        for (int i = 0; i < transit.Length; i++) transit[i] = (uint)random.Next(1, 64496);
        var origins = new uint[75_000];
        for (int i = 0; i < origins.Length; i++)
            origins[i] = random.Next(10) < 4 ? (uint)random.Next(131072, 401309) : (uint)random.Next(1, 64496);

        var seen = new HashSet<Prefix>(ipv4 + ipv6);
        var groups = new List<RouteGroup>((ipv4 + ipv6) / 12);
        int left4 = ipv4, left6 = ipv6;
        var routes = new List<Nlri>(512);
        while (left4 + left6 > 0)
        {
            bool v6 = random.NextInt64(left4 + left6) < left6;
            int size = Math.Min(GroupSize(random), v6 ? left6 : left4);
            routes.Clear();
            while (routes.Count < size)
            {
                var p = v6 ? RandomV6(random) : RandomV4(random);
                if (seen.Add(p)) routes.Add(new Nlri(p));
            }
            if (v6) left6 -= size; else left4 -= size;
            groups.Add(new RouteGroup(v6 ? AfiSafi.Ipv6Unicast : AfiSafi.Ipv4Unicast,
                RandomAttributes(random, transit, origins), [.. routes]));
        }
        return groups;
    }

    /// <summary>Mean about 15: many singletons and small sets, a long tail of customer cones.</summary>
    private static int GroupSize(Random random) => random.Next(100) switch
    {
        < 55 => random.Next(1, 5),
        < 85 => random.Next(5, 26),
        < 97 => random.Next(26, 71),
        _ => random.Next(71, 301),
    };

    private static Prefix RandomV4(Random random)
    {
        int roll = random.Next(1000);
        int length = roll switch
        {
            < 600 => 24,
            < 700 => 23,
            < 820 => 22,
            < 870 => 21,
            < 915 => 20,
            < 945 => 19,
            < 965 => 18,
            < 975 => 17,
            < 990 => 16,
            _ => random.Next(8, 16),
        };
        uint mask = uint.MaxValue << (32 - length);
        uint address;
        do address = (uint)random.NextInt64(1L << 24, 224L << 24) & mask;
        while (Special(address));
        return Prefix.V4(address, length);
    }

    /// <summary>Space a real table does not carry (RFC 6890): private, shared, loopback, link-local. BIRD
    /// drops 127/8 as bogus, and 10/8 also holds the benchmark's own links.</summary>
    private static bool Special(uint a) =>
        (a >> 24) is 10 or 127 || (a >> 22) == (100u << 2 | 1) || (a >> 16) is (169u << 8 | 254) or (192u << 8 | 168)
        || (a >> 20) == (172u << 4 | 1);

    private static Prefix RandomV6(Random random)
    {
        int roll = random.Next(1000);
        int length = roll switch
        {
            < 500 => 48,
            < 620 => 32,
            < 700 => 44,
            < 750 => 40,
            < 800 => 36,
            < 840 => 29,
            < 930 => random.Next(33, 48),
            < 970 => random.Next(30, 32),
            _ => random.Next(49, 65),
        };
        // 2000::/3, global unicast; only the high 64 bits matter for lengths up to /64.
        ulong high = 0x2000_0000_0000_0000UL | ((ulong)random.NextInt64() & 0x1FFF_FFFF_FFFF_FFFFUL);
        ulong mask = ulong.MaxValue << (64 - length);
        return Prefix.V6(high & mask, 0, length);
    }

    private static PathAttributes RandomAttributes(Random random, uint[] transit, uint[] origins)
    {
        int roll = random.Next(100), total = 0, length = 2;
        for (int l = 2; l < LengthWeights.Length; l++)
        {
            total += LengthWeights[l];
            if (roll < total) { length = l; break; }
        }
        // The generator prepends its own AS on eBGP sessions: the rest of the path is length - 1 long.
        var asns = new uint[length - 1];
        double u = random.NextDouble();
        uint origin = origins[(int)(u * u * u * origins.Length)];
        for (int i = 0; i < asns.Length - 1; i++) asns[i] = transit[random.Next(transit.Length)];
        asns[^1] = origin;
        if (asns.Length >= 3 && random.Next(20) == 0)
            for (int i = asns.Length - 2; i >= asns.Length - 1 - random.Next(1, 3) && i > 0; i--) asns[i] = origin;

        var communities = ImmutableArray<uint>.Empty;
        if (random.Next(100) < 45)
        {
            var b = ImmutableArray.CreateBuilder<uint>();
            int n = random.Next(1, 7);
            uint tagger = asns[0] <= ushort.MaxValue ? asns[0] : 65000;
            for (int i = 0; i < n; i++) b.Add(tagger << 16 | (uint)random.Next(1, 4000));
            b.Sort();
            communities = b.Distinct().ToImmutableArray();
        }
        var large = ImmutableArray<LargeCommunity>.Empty;
        if (random.Next(100) < 12)
        {
            var b = ImmutableArray.CreateBuilder<LargeCommunity>();
            int n = random.Next(1, 4);
            for (int i = 0; i < n; i++) b.Add(new LargeCommunity(origin, (uint)random.Next(1, 10), (uint)random.Next(1, 1000) * 10 + (uint)i));
            large = b.ToImmutable();
        }
        return new PathAttributes
        {
            Origin = random.Next(100) < 8 ? Origin.Incomplete : Origin.Igp,
            AsPath = AsPath.FromSequence(asns),
            MultiExitDisc = random.Next(3) == 0 ? (uint)random.Next(0, 1000) : null,
            Communities = communities,
            LargeCommunities = large,
        };
    }
}

using Bgp.Protocol;
using Bgp.Protocol.Attributes;

namespace Bgp.Benchmarks;

/// <summary>Routes spread over a few attribute sets: two IPv4 sets with 70% of them, two IPv6 sets with the rest.</summary>
public sealed class PackWorkload
{
    private PackWorkload(PathAttributes[] sets, bool[] ipv6, Nlri[][] routesBySet)
    {
        Sets = sets;
        Ipv6 = ipv6;
        RoutesBySet = routesBySet;
    }

    public PathAttributes[] Sets { get; }
    public bool[] Ipv6 { get; }
    public Nlri[][] RoutesBySet { get; }

    public static PackWorkload Create(int seed, int routes)
    {
        var random = new Random(seed);
        bool[] ipv6 = [false, false, true, true];
        int[] share = [routes * 45 / 100, routes * 25 / 100, routes * 20 / 100, 0];
        share[3] = routes - share[0] - share[1] - share[2];
        var sets = new PathAttributes[ipv6.Length];
        var bySet = new Nlri[ipv6.Length][];
        for (int s = 0; s < ipv6.Length; s++)
        {
            sets[s] = SyntheticUpdates.RandomAttributes(random, ipv6[s]);
            bySet[s] = new Nlri[share[s]];
            for (int i = 0; i < share[s]; i++) bySet[s][i] = new Nlri(SyntheticUpdates.RandomPrefix(random, ipv6[s]));
        }
        return new PackWorkload(sets, ipv6, bySet);
    }
}

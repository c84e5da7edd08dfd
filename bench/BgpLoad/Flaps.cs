using Bgp.Protocol;

namespace Bgp.Load;

/// <summary>
/// The churn workload's flapping prefixes: /24s of 10.192.0.0/10, space the synthetic table never uses
/// (it leaves out 10/8), so the receiver tells a flap from a table route by its prefix alone. Flap
/// number n acts on prefix n mod K; that prefix's even occurrences announce it, odd ones withdraw it.
/// Every announcement carries the large community (generator AS, <see cref="SeqTag"/>, n), so its
/// arrival names its flap exactly; a withdrawal carries no attributes and is matched by prefix and time.
/// </summary>
public static class Flaps
{
    public const uint SeqTag = 7;
    public const int MaxPrefixes = 1 << 14;
    private const uint Base = 0x0AC0_0000; // 10.192.0.0

    public static Prefix Prefix(int k) => Bgp.Protocol.Prefix.V4(Base | (uint)k << 8, 24);

    public static bool IsFlap(Prefix p) => !p.IsIpv6 && p.Length == 24 && (p.Ipv4Bits >> 22) == Base >> 22;

    public static int Index(Prefix p) => (int)((p.Ipv4Bits >> 8) & (MaxPrefixes - 1));
}

using System.Buffers;
using System.Collections.Immutable;
using System.Net;
using System.Runtime.InteropServices;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;

namespace Bgp.Daemon.Routing;

/// <summary>
/// The synthetic table of the warm-up, as the peers' octets (UpdatePacker, so the messages are packed the way
/// a real speaker packs them): prefix lengths and attribute sets of a full-table feed in miniature. Every
/// prefix is distinct, so each route reaches each sink exactly once per change and the counts are exact.
/// </summary>
internal sealed partial class UpdatePathWarmup
{
    /// <summary>IPv4 routes of the external source: past the Loc-RIB's first chunk (ChunkedArray, 8192 elements).</summary>
    public const int ExternalIpv4Routes = 12_000;
    public const int ExternalIpv6Routes = 4_000;
    /// <summary>Routes of the internal source (they carry LOCAL_PREF, RFC 4271 5.1.5).</summary>
    public const int InternalIpv4Routes = 512;
    public const int InternalIpv6Routes = 256;
    /// <summary>External routes withdrawn explicitly: every fourth of each family.</summary>
    public const int ExternalWithdrawn = ExternalIpv4Routes / 4 + ExternalIpv6Routes / 4;
    /// <summary>Internal routes withdrawn in the same batch that announced them: never sent, nothing to withdraw.</summary>
    public const int InternalWithdrawn = InternalIpv4Routes / 4 + InternalIpv6Routes / 4;

    public const int ExternalRoutes = ExternalIpv4Routes + ExternalIpv6Routes;
    public const int InternalRoutes = InternalIpv4Routes + InternalIpv6Routes;

    /// <summary>External IPv6 routes announced again as they were at the end of the churn batch (a flap back).</summary>
    public const int RestoredIpv6Routes = ExternalIpv6Routes / 4;

    /// <summary>
    /// External routes that end the churn batch with a new attribute set: all but the withdrawn fourth and
    /// the restored IPv6 routes (for which nothing goes out).
    /// </summary>
    public const int ReplacedRoutes = ExternalIpv4Routes * 3 / 4 + (ExternalIpv6Routes - RestoredIpv6Routes) * 3 / 4;

    /// <summary>
    /// External prefixes the churn batch left withdrawn (every fourth, but for the restored IPv6 routes): only the
    /// second eBGP source has them, so its routes for them reach the sinks, and are withdrawn when it goes.
    /// </summary>
    public const int BackupOnlyRoutes = ExternalIpv4Routes / 4 + (ExternalIpv6Routes - RestoredIpv6Routes) / 4;

    /// <summary>Added to the second eBGP source's AS path lengths: 10 or more ASes, longer than any of the first source's.</summary>
    private const int BackupGeneration = 9;

    /// <summary>
    /// The eBGP sink gets every route (iBGP-learned ones too, RFC 4271 9.2): the internal routes that
    /// survived their batch, the external table, and again each replaced route (RFC 4271 3.1: the
    /// replacement is an implicit withdrawal), and the second source's routes for what the churn withdrew.
    /// </summary>
    public const int ExpectedExternalSinkAnnounced = InternalRoutes - InternalWithdrawn + ExternalRoutes + ReplacedRoutes + BackupOnlyRoutes;
    public const int ExpectedExternalSinkWithdrawn = InternalRoutes - InternalWithdrawn + ExternalRoutes + BackupOnlyRoutes;
    /// <summary>The iBGP sink (not a reflector client) gets the eBGP-learned routes only (RFC 4271 9.2).</summary>
    public const int ExpectedInternalSinkAnnounced = ExternalRoutes + ReplacedRoutes + BackupOnlyRoutes;
    public const int ExpectedInternalSinkWithdrawn = ExternalRoutes + BackupOnlyRoutes;

    // Lengths in the proportions of a 2020s table: /24 and /48 dominate.
    private static readonly int[] V4Lengths = [24, 24, 24, 24, 24, 24, 23, 22, 20, 24, 24, 24, 24, 24, 24, 24, 23, 22, 21, 18];
    private static readonly int[] V6Lengths = [48, 48, 48, 32, 40, 44, 48, 56, 64, 48];
    // Routes per attribute set: a few most of the time, hundreds now and then (a customer cone).
    private static readonly int[] GroupSizes = [1, 3, 2, 8, 20, 1, 60, 5, 150, 12, 400, 2];

    private static readonly IPAddress ExternalNextHop = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress InternalNextHop = IPAddress.Parse("192.0.2.2");
    private static readonly byte[] ExternalV6NextHop = BgpEncoder.NextHopBytes(IPAddress.Parse("2001:db8::1"), IPAddress.Parse("fe80::1"));
    private static readonly byte[] InternalV6NextHop = BgpEncoder.NextHopBytes(IPAddress.Parse("2001:db8::2"));

    /// <summary>Distinct IPv4 prefixes, each length in its own /8 starting at <paramref name="firstOctet"/>.</summary>
    private static Prefix[] Ipv4Prefixes(int count, byte firstOctet)
    {
        var prefixes = new Prefix[count];
        var next = new int[33];
        for (int i = 0; i < count; i++)
        {
            int length = V4Lengths[i % V4Lengths.Length];
            uint block = (uint)(firstOctet + Array.IndexOf(V4Lengths, length)) << 24;
            prefixes[i] = Prefix.V4(block | (uint)next[length]++ << (32 - length), length);
        }
        return prefixes;
    }

    /// <summary>Distinct IPv6 prefixes, each length under its own /16 starting at <paramref name="firstBlock"/>.</summary>
    private static Prefix[] Ipv6Prefixes(int count, ulong firstBlock)
    {
        var prefixes = new Prefix[count];
        var next = new ulong[129];
        for (int i = 0; i < count; i++)
        {
            int length = V6Lengths[i % V6Lengths.Length];
            ulong block = (firstBlock + (ulong)Array.IndexOf(V6Lengths, length)) << 48;
            prefixes[i] = Prefix.V6(block | next[length]++ << (64 - length), 0, length);
        }
        return prefixes;
    }

    /// <summary>
    /// The k-th attribute set of a source: AS paths of 1 to 8 ASes mixing 2- and 4-octet numbers (RFC 6793),
    /// communities on half the sets, large communities (RFC 8092) on a fifth, MED on a third, LOCAL_PREF
    /// from the internal source, now and then ATOMIC_AGGREGATE and AGGREGATOR.
    /// </summary>
    private PathAttributes Attributes(int k, bool ipv6, bool internalSource, int generation, uint peerAs)
    {
        int pathLength = (internalSource ? k % 4 : 1 + k % 8) + generation;
        var asns = new uint[pathLength];
        for (int i = 0; i < pathLength; i++)
            asns[i] = i == 0 && !internalSource ? peerAs : Asn(i % 3 == 0 ? 4_200_100_000u + (uint)(k * 7 + i) : 3_000u + (uint)(k * 13 + i));
        uint first = pathLength > 0 ? asns[0] : _localAs;
        var communities = ImmutableArray<uint>.Empty;
        if (k % 2 == 0)
        {
            var b = ImmutableArray.CreateBuilder<uint>();
            for (int i = 0; i <= k % 4; i++) b.Add(65000u << 16 | (uint)(100 + k % 50 + i));
            communities = b.ToImmutable();
        }
        var large = k % 5 == 0 ? [new LargeCommunity(first, 1, (uint)k), new LargeCommunity(first, 2, 7)] : ImmutableArray<LargeCommunity>.Empty;
        return new PathAttributes
        {
            Origin = k % 7 == 3 ? Origin.Incomplete : k % 11 == 5 ? Origin.Egp : Origin.Igp,
            AsPath = AsPath.FromSequence(asns),
            NextHop = ipv6 ? null : internalSource ? InternalNextHop : ExternalNextHop,
            MultiExitDisc = k % 3 == 0 ? (uint)(k * 10) : null,
            LocalPref = internalSource ? (k % 2 == 0 ? 200u : 80u) : null,
            Communities = communities,
            LargeCommunities = large,
            AtomicAggregate = k % 13 == 6,
            Aggregator = k % 13 == 6 ? new Aggregator(first, 0xC0000201) : null,
        };
    }

    /// <summary>An ASN that is neither ours (the import loop check would drop the route) nor AS_TRANS.</summary>
    private uint Asn(uint asn) => asn == _localAs || asn == BgpConstants.AsTrans ? asn + 1 : asn;

    /// <summary>
    /// Announcements of <paramref name="prefixes"/> in groups sharing an attribute set; returns the octet
    /// offset after the group holding the route at <paramref name="mark"/> (where the stream is cut).
    /// </summary>
    private int WriteAnnouncements(ArrayBufferWriter<byte> output, Prefix[] prefixes, bool ipv6, bool internalSource, int generation,
        int mark = -1, uint? peerAs = null)
    {
        var family = ipv6 ? AfiSafi.Ipv6Unicast : AfiSafi.Ipv4Unicast;
        byte[] nextHop = !ipv6 ? [] : internalSource ? InternalV6NextHop : ExternalV6NextHop;
        var routes = new List<Nlri>(400);
        int markOffset = -1;
        for (int start = 0, k = 0; start < prefixes.Length; k++)
        {
            int size = Math.Min(GroupSizes[k % GroupSizes.Length], prefixes.Length - start);
            routes.Clear();
            for (int i = start; i < start + size; i++) routes.Add(new Nlri(prefixes[i]));
            UpdatePacker.WriteAnnouncements(output, family, Attributes(k, ipv6, internalSource, generation, peerAs ?? _externalAs), CollectionsMarshal.AsSpan(routes),
                nextHop, SessionOptions);
            if (mark >= start && mark < start + size) markOffset = output.WrittenCount;
            start += size;
        }
        return markOffset;
    }

    /// <summary>
    /// Withdrawals of every fourth of <paramref name="prefixes"/> (the IPv4 withdrawn routes field, MP_UNREACH_NLRI
    /// for IPv6, RFC 4760 4), in UPDATEs of up to 500 routes.
    /// </summary>
    private static void WriteWithdrawals(ArrayBufferWriter<byte> output, Prefix[] prefixes, AfiSafi family)
    {
        var routes = new List<Nlri>(500);
        for (int i = 0; i < prefixes.Length; i += 4)
        {
            routes.Add(new Nlri(prefixes[i]));
            if (routes.Count < 500 && i + 4 < prefixes.Length) continue;
            UpdatePacker.WriteWithdrawals(output, family, CollectionsMarshal.AsSpan(routes), SessionOptions);
            routes.Clear();
        }
    }
}

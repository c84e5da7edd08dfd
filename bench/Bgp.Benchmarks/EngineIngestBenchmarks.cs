using System.Collections.Immutable;
using System.Net;
using BenchmarkDotNet.Attributes;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Messages;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;

namespace Bgp.Benchmarks;

/// <summary>
/// <see cref="RibEngine"/> taking in a table and exporting every change (the RIB loop's share of workloads 1
/// and 3, without the sessions and without writing the UPDATEs out): each operation makes a fresh engine,
/// brings the peers up and feeds decoded UPDATEs of <see cref="PrefixesPerUpdate"/> prefixes.
/// <see cref="FullTableToOne"/>: <see cref="FullTable"/> IPv4 /24s from one eBGP peer to one eBGP receiver.
/// <see cref="ReflectToFifty"/>: <see cref="ReflectedTable"/> prefixes from an iBGP route-reflector client
/// to <see cref="Clients"/> clients. What is measured is import policy, the Loc-RIB, the export rules and
/// the Adj-RIB-Out's pending state.
/// </summary>
[MemoryDiagnoser]
public class EngineIngestBenchmarks
{
    public const int FullTable = 1_000_000;
    public const int ReflectedTable = 100_000;
    public const int Clients = 50;
    public const int PrefixesPerUpdate = 200;
    public const int AttributeSets = 1_000;
    private const uint LocalAs = 65000;

    private static readonly PeerRibOptions Plain = new() { ImportFilter = Filter.AcceptAll, ExportFilter = Filter.AcceptAll };
    private static readonly PeerRibOptions Client = Plain with { IsReflectorClient = true };

    private UpdateMessage[] _external = null!;
    private UpdateMessage[] _internal = null!;

    [GlobalSetup]
    public void Setup()
    {
        _external = Updates(FullTable, internalSource: false);
        _internal = Updates(ReflectedTable, internalSource: true);
    }

    [Benchmark]
    public int FullTableToOne()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001, Plain));
        e.Execute(Up(2, 65002, Plain));
        foreach (var u in _external) e.Execute(new UpdateReceived(1, u));
        return e.Rib.Ipv4.PrefixCount;
    }

    [Benchmark]
    public int ReflectToFifty()
    {
        var e = NewEngine();
        e.Execute(Up(1, LocalAs, Client));
        for (int i = 0; i < Clients; i++) e.Execute(Up(11 + i, LocalAs, Client));
        foreach (var u in _internal) e.Execute(new UpdateReceived(1, u));
        return e.Rib.Ipv4.PrefixCount;
    }

    private static RibEngine NewEngine() => new(new RibEngineSettings(LocalAs, RouterId.Parse("10.0.0.1")));

    private static PeerUp Up(int id, uint peerAs, PeerRibOptions options) =>
        new(id, new PeerFacts(IPAddress.Parse($"10.0.{id >> 8}.{id & 255}"), peerAs, RouterId.Parse($"10.1.{id >> 8}.{id & 255}"), peerAs == LocalAs,
            [AfiSafi.Ipv4Unicast], CodecOptions.FourOctet)
        {
            LocalAddressV4 = IPAddress.Parse("10.0.0.100"),
        }, options);

    /// <summary>Sorted /24s from 1.0.0.0 up, in UPDATEs that each share one of <see cref="AttributeSets"/> sets.</summary>
    private static UpdateMessage[] Updates(int prefixes, bool internalSource)
    {
        var sets = new PathAttributes[AttributeSets];
        for (int i = 0; i < AttributeSets; i++)
        {
            uint origin = 10000 + (uint)i;
            sets[i] = new PathAttributes
            {
                Origin = Origin.Igp,
                AsPath = internalSource ? AsPath.FromSequence([3356, origin]) : AsPath.FromSequence([65001, 3356, origin]),
                NextHop = IPAddress.Parse("10.0.0.1"),
                LocalPref = internalSource ? 100 : null,
            };
        }
        var random = new Random(1771);
        var updates = new UpdateMessage[(prefixes + PrefixesPerUpdate - 1) / PrefixesPerUpdate];
        for (int u = 0; u < updates.Length; u++)
        {
            int first = u * PrefixesPerUpdate;
            int n = Math.Min(PrefixesPerUpdate, prefixes - first);
            var nlri = ImmutableArray.CreateBuilder<Nlri>(n);
            for (int i = 0; i < n; i++) nlri.Add(new Nlri(Prefix.V4(0x01000000u + ((uint)(first + i) << 8), 24)));
            updates[u] = new UpdateMessage { Attributes = sets[random.Next(AttributeSets)], Nlri = nlri.MoveToImmutable() };
        }
        return updates;
    }
}

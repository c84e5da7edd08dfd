using System.Net;
using BenchmarkDotNet.Attributes;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib;

namespace Bgp.Benchmarks;

/// <summary>
/// <see cref="DecisionProcess.Select"/> alone, <see cref="Calls"/> times per operation, over the candidate sets
/// a full-table ingest decides: one path (workload 1, every prefix of a table from one peer) and four eBGP
/// paths from four neighbour ASes that tie down to the router id (workload 2, four full tables).
/// </summary>
public class DecisionBenchmarks
{
    public const int Calls = 1_000_000;

    private readonly DecisionProcess _decision = new(DecisionOptions.Default);
    private readonly PathCandidate[] _four = new PathCandidate[4];
    private readonly DecisionStep[] _lostAt = new DecisionStep[4];
    private readonly int[] _multipath = new int[4];

    [GlobalSetup]
    public void Setup()
    {
        var interner = new AttributeInterner();
        for (int i = 0; i < _four.Length; i++)
        {
            uint asn = 65001 + (uint)i;
            var attributes = interner.Intern(new PathAttributes
            {
                Origin = Origin.Igp,
                AsPath = AsPath.FromSequence([asn, 3356, 15169]),
                NextHop = IPAddress.Parse($"192.0.2.{i + 1}"),
            });
            var peer = new RibPeer(i + 1, IPAddress.Parse($"10.0.0.{i + 1}"), asn, RouterId.Parse($"1.0.0.{i + 1}"), isInternal: false);
            _four[i] = new PathCandidate(attributes, peer, 0, 0, NextHopState.Connected);
        }
    }

    [Benchmark]
    public int OneCandidate() => Run(1);

    [Benchmark]
    public int FourCandidates() => Run(4);

    private int Run(int n)
    {
        var candidates = _four.AsSpan(0, n);
        int sum = 0;
        for (int i = 0; i < Calls; i++) sum += _decision.Select(candidates, _lostAt, _multipath, out _);
        return sum;
    }
}

using System.Buffers;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;
using Bgp.Rib.Tests.Export;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Bgp.Rib.Tests.Engine.EngineKit;

namespace Bgp.Rib.Tests.Engine;

/// <summary>
/// Batched export (RibEngine.Batch.cs) against immediate export: one random sequence of announcements and
/// withdrawals of IPv4 and IPv6 prefixes from three sources (two eBGP, one iBGP), sources going down and coming back, drains, merges and (for
/// the batched engine only) flushes, applied to two engines alike. Also graceful restart (a retaining PeerDown, End-of-RIB
/// and stale sweeps: changes made inside an UPDATE or a sweep), route refreshes from the receivers, new export filters (a split off an update
/// group and a re-export) and import filters (re-run over the routes kept as received), our own routes, a PeerUp for a source
/// still up (the missed PeerDown it implies), in half the cases our own selection deferral first (RFC 4724 4.1, ended by End-of-RIB
/// or EndDeferral), and in half the cases source 1 sending ADD-PATH, so that batching stops
/// while it is up and starts again when it goes. After a final flush and drain, every peer has been
/// sent the same table by both (each written UPDATE applied to a table per peer), and every Loc-RIB destination is
/// kept by as many holds as in the immediate engine: a batch leaks none.
/// </summary>
public sealed class ExportBatchProperties
{
    private static readonly uint[] SourceAs = [65001, 65002, LocalAs];
    /// <summary>An eBGP receiver and two route-reflector clients (one update-group key); sources are peers 1 to 3.</summary>
    private static readonly int[] Receivers = [10, 11, 12];
    private static readonly Prefix[] Prefixes =
    [
        Prefix.Parse("0.0.0.0/0"), Prefix.Parse("10.0.0.0/16"), Prefix.Parse("10.0.0.0/24"), Prefix.Parse("10.0.1.0/24"),
        Prefix.Parse("10.0.2.0/24"), Prefix.Parse("10.0.3.0/24"), Prefix.Parse("192.168.0.0/16"),
        // The other family's batch (RibEngine.Batch.cs keeps one per Loc-RIB table).
        Prefix.Parse("::/0"), Prefix.Parse("2001:db8:1::/48"), Prefix.Parse("2001:db8:2::/48"),
    ];

    private enum Kind { Announce, Withdraw, WithdrawAll, Flush, Drain, Down, Up, Merge, GrDown, Eor, Sweep, Refresh, Reup, PolicyOut, PolicyIn, Originate, EndDeferral }

    private readonly record struct Op(Kind Kind, int Source, int Prefix, int Variant)
    {
        public override string ToString() => $"{Kind} s{Source + 1} p{Prefix} v{Variant}";
    }

    private static readonly Gen<Op> Ops = Gen.Frequency(
        (8, from s in Gen.Choose(0, 2) from p in Gen.Choose(0, Prefixes.Length - 1) from v in Gen.Choose(0, 3) select new Op(Kind.Announce, s, p, v)),
        (3, from s in Gen.Choose(0, 2) from p in Gen.Choose(0, Prefixes.Length - 1) select new Op(Kind.Withdraw, s, p, 0)),
        (1, from p in Gen.Choose(0, Prefixes.Length - 1) select new Op(Kind.WithdrawAll, 0, p, 0)),
        (2, Gen.Constant(new Op(Kind.Flush, 0, 0, 0))),
        (2, Gen.Constant(new Op(Kind.Drain, 0, 0, 0))),
        (1, from s in Gen.Choose(0, 2) select new Op(Kind.Down, s, 0, 0)),
        (1, from s in Gen.Choose(0, 2) select new Op(Kind.Up, s, 0, 0)),
        (1, Gen.Constant(new Op(Kind.Merge, 0, 0, 0))),
        (1, from s in Gen.Choose(0, 2) select new Op(Kind.GrDown, s, 0, 0)),
        (1, from s in Gen.Choose(0, 2) from p in Gen.Choose(0, 1) select new Op(Kind.Eor, s, p, 0)),
        (1, from s in Gen.Choose(0, 2) select new Op(Kind.Sweep, s, 0, 0)),
        (1, from r in Gen.Choose(0, 2) select new Op(Kind.Refresh, r, 0, 0)),
        (1, from s in Gen.Choose(0, 2) select new Op(Kind.Reup, s, 0, 0)),
        (1, from r in Gen.Choose(0, 2) from p in Gen.Choose(0, Prefixes.Length) select new Op(Kind.PolicyOut, r, p, 0)),
        (1, from s in Gen.Choose(0, 2) from p in Gen.Choose(0, Prefixes.Length) select new Op(Kind.PolicyIn, s, p, 0)),
        (1, from p in Gen.Choose(0, Prefixes.Length - 1) from v in Gen.Choose(0, 1) select new Op(Kind.Originate, 0, p, v)),
        (1, Gen.Constant(new Op(Kind.EndDeferral, 0, 0, 0))));

    /// <summary>Per prefix, a filter rejecting it; the last accepts all.</summary>
    private static readonly Filter[] Rejecting = [.. Prefixes.Select(p => new Filter($"no-{p}",
        [new Bgp.Rib.Policy.PolicyTerm("t", [new Bgp.Rib.Policy.PrefixMatch(new Bgp.Rib.Policy.PrefixRange(p, p.Length, p.Length))], [Bgp.Rib.Policy.RouteAction.Reject])],
        Bgp.Rib.Policy.PolicyVerdict.Accept)), Filter.AcceptAll];

    private static readonly Gen<(Op[] Ops, bool Groups, bool Dense, bool AddPath, bool Defer)> Cases =
        from ops in Testing.Arbitraries.BgpGen.ArrayOf(Ops, 0, 150)
        from groups in Gen.Elements(false, true)
        from dense in Gen.Elements(false, true)
        from addPath in Gen.Elements(false, true)
        from defer in Gen.Elements(false, true)
        select (ops, groups, dense, addPath, defer);

    [Property(MaxTest = 500)]
    public Property BatchedExport_AnySequence_SendsWhatImmediateExportSendsAndLeaksNoHold() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var immediate = new Run(c.Groups, c.Dense, c.AddPath, c.Defer, batch: false);
            var batched = new Run(c.Groups, c.Dense, c.AddPath, c.Defer, batch: true);
            foreach (var op in c.Ops)
            {
                immediate.Apply(op);
                batched.Apply(op);
            }
            batched.Engine.FlushExports();
            Assert.Equal(0, batched.Engine.PendingExports);
            immediate.DrainAll();
            batched.DrainAll();
            foreach (int id in AllPeers())
                Assert.Equal(immediate.Dump(id), batched.Dump(id));
            // Without a dense Adj-RIB-Out no sent route holds a destination: every hold left would be the batch's. A dense
            // one holds each destination it has a route for, and whether a peer's goes dense depends on the table's
            // span at the time (AdjRibOut.Sent.cs), which batching moves; so there, every peer goes down and no
            // destination may be left.
            if (!c.Dense) Assert.Equal(immediate.Holds(), batched.Holds());
            immediate.AllDown();
            batched.AllDown();
            foreach (var run in new[] { immediate, batched })
            {
                Assert.Equal(0, run.Engine.Rib.Ipv4.IndexedDestinations);
                Assert.Equal(0, run.Engine.Rib.Ipv6.IndexedDestinations);
            }
        });

    private static IEnumerable<int> AllPeers()
    {
        for (int s = 1; s <= SourceAs.Length; s++) yield return s;
        foreach (int r in Receivers) yield return r;
    }

    /// <summary>One engine and what each peer was sent (its table, from the decoded UPDATEs).</summary>
    private sealed class Run
    {
        private readonly Dictionary<int, Dictionary<Nlri, string>> _sent = [];
        private readonly bool[] _sourceUp = [true, true, true];
        private readonly bool _addPath;

        public Run(bool groups, bool dense, bool addPath, bool defer, bool batch)
        {
            _addPath = addPath;
            Engine = new RibEngine(new RibEngineSettings(LocalAs, EngineKit.RouterId) { UpdateGroups = groups })
            {
                VerifyMerges = true,
                AdjRibOutDenseMinimum = dense ? 0 : 256,
            };
            // After our own restart (RFC 4724 4.1): nothing is exported until every source sent End-of-RIB for both
            // families, or EndDeferral comes.
            if (defer) Engine.BeginDeferral([1, 2, 3]);
            for (int s = 0; s < SourceAs.Length; s++) Engine.Execute(DualStack(Up(s + 1, SourceAs[s])));
            Engine.Execute(DualStack(Up(Receivers[0], 65010)));
            Engine.Execute(DualStack(Up(Receivers[1], LocalAs, UpdateGroupTests.Client)));
            Engine.Execute(DualStack(Up(Receivers[2], LocalAs, UpdateGroupTests.Client)));
            foreach (int id in AllPeers()) _sent[id] = [];
            Engine.BatchExports = batch;
        }

        public RibEngine Engine { get; }

        public void Apply(Op op)
        {
            int id = op.Source + 1;
            switch (op.Kind)
            {
                case Kind.Announce when _sourceUp[op.Source]:
                    Engine.Execute(new UpdateReceived(id, AnnounceOf(op)));
                    break;
                case Kind.Withdraw when _sourceUp[op.Source]:
                    Engine.Execute(new UpdateReceived(id, WithdrawalOf(Prefixes[op.Prefix])));
                    break;
                case Kind.WithdrawAll:
                    for (int s = 0; s < SourceAs.Length; s++)
                        if (_sourceUp[s]) Engine.Execute(new UpdateReceived(s + 1, WithdrawalOf(Prefixes[op.Prefix])));
                    break;
                case Kind.Flush:
                    // The immediate engine has nothing to flush.
                    Engine.FlushExports();
                    break;
                case Kind.Drain:
                    DrainAll();
                    break;
                case Kind.Down when _sourceUp[op.Source]:
                    _sourceUp[op.Source] = false;
                    Engine.Execute(new PeerDown(id));
                    // What was on its way goes with the session.
                    _sent[id].Clear();
                    break;
                case Kind.Up when !_sourceUp[op.Source]:
                    _sourceUp[op.Source] = true;
                    Engine.Execute(DualStack(Up(id, SourceAs[op.Source])));
                    break;
                case Kind.Merge:
                    Engine.MergeGroups(_ => false);
                    break;
                case Kind.GrDown when _sourceUp[op.Source]:
                    _sourceUp[op.Source] = false;
                    Engine.Execute(new PeerDown(id, RetainStale: true));
                    _sent[id].Clear();
                    break;
                case Kind.Eor when _sourceUp[op.Source]:
                    Engine.Execute(new UpdateReceived(id, UpdateMessage.EndOfRibFor(op.Prefix == 0 ? AfiSafi.Ipv4Unicast : AfiSafi.Ipv6Unicast)));
                    break;
                case Kind.Sweep:
                    Engine.Execute(new SweepStale(id));
                    break;
                case Kind.Refresh:
                    Engine.Execute(new RouteRefreshRequested(Receivers[op.Source], AfiSafi.Ipv4Unicast));
                    break;
                case Kind.PolicyOut:
                    Engine.Execute(new ReplacePolicy(Receivers[op.Source], Filter.AcceptAll, Rejecting[op.Prefix]));
                    break;
                case Kind.PolicyIn when _sourceUp[op.Source]:
                    Engine.Execute(new ReplacePolicy(id, Rejecting[op.Prefix], Filter.AcceptAll));
                    break;
                case Kind.EndDeferral:
                    Engine.Execute(new EndDeferral());
                    break;
                case Kind.Originate:
                    Engine.Execute(op.Variant == 0 ? new Originate(Prefixes[op.Prefix]) : new StopOriginating(Prefixes[op.Prefix]));
                    break;
                case Kind.Reup when _sourceUp[op.Source]:
                    Engine.Execute(DualStack(Up(id, SourceAs[op.Source])));
                    _sent[id].Clear();
                    break;
            }
        }

        /// <summary>
        /// Both families, graceful restart with forwarding state kept for both (RFC 4724: stale routes kept at a
        /// retaining PeerDown, swept by End-of-RIB or SweepStale); source 1 sends ADD-PATH (RFC 7911) when the case asks.
        /// </summary>
        private PeerUp DualStack(PeerUp up)
        {
            up = up with
            {
                Facts = up.Facts with
                {
                    Families = [AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast],
                    LocalAddressV6 = System.Net.IPAddress.Parse("2001:db8::100"),
                    GracefulRestart = new GracefulRestartCapability(false, false, 120,
                        [new GracefulRestartFamily(AfiSafi.Ipv4Unicast, true), new GracefulRestartFamily(AfiSafi.Ipv6Unicast, true)]),
                },
            };
            // Sources keep their routes as received, so that a new import filter re-runs over them (soft reconfiguration).
            if (up.PeerId <= SourceAs.Length) up = up with { Options = up.Options with { SoftReconfigurationInbound = true } };
            if (!_addPath || up.PeerId != 1) return up;
            AfiSafi[] both = [AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast];
            return up with
            {
                Facts = up.Facts with { CodecOptions = up.Facts.CodecOptions with { AddPathSend = [.. both], AddPathReceive = [.. both] } },
                Options = up.Options with { AddPathSend = AddPathSendMode.All },
            };
        }

        private static UpdateMessage AnnounceOf(Op op)
        {
            var prefix = Prefixes[op.Prefix];
            var attributes = AttributesOf(op);
            if (!prefix.IsIpv6) return new UpdateMessage { Attributes = attributes, Nlri = [new Nlri(prefix)] };
            var nextHop = System.Net.IPAddress.Parse($"2001:db8::{op.Source + 1}");
            return new UpdateMessage
            {
                Attributes = attributes with { NextHop = null },
                MpReach = new MpReachNlri { Family = AfiSafi.Ipv6Unicast, NextHop = nextHop, Nlri = [new Nlri(prefix)] },
            };
        }

        private static UpdateMessage WithdrawalOf(Prefix prefix) => prefix.IsIpv6
            ? new UpdateMessage { MpUnreach = new MpUnreachNlri { Family = AfiSafi.Ipv6Unicast, Withdrawn = [new Nlri(prefix)] } }
            : new UpdateMessage { Withdrawn = [new Nlri(prefix)] };

        /// <summary>Varied AS_PATH lengths and MEDs, so that the best path moves between the sources.</summary>
        private static PathAttributes AttributesOf(Op op)
        {
            uint asn = SourceAs[op.Source];
            var path = new List<uint>();
            if (asn != LocalAs) path.Add(asn);
            for (int i = 0; i <= op.Variant % 3; i++) path.Add(65100 + (uint)i);
            return Attrs($"192.0.2.{op.Source + 1}", [.. path]) with { MultiExitDisc = (uint)op.Variant };
        }

        /// <summary>Writes everything pending, each group's octets applied to every member's table.</summary>
        public void DrainAll()
        {
            var targets = new List<int>();
            var members = new List<int>();
            for (int round = 0; round < 100; round++)
            {
                targets.Clear();
                if (Engine.CollectPeersWithPending(targets) == 0) return;
                foreach (int target in targets)
                {
                    Assert.True(Engine.TryGetPeerFacts(target, out var facts));
                    var output = new ArrayBufferWriter<byte>();
                    while (Engine.WritePending(target, output, 1 << 20, facts.CodecOptions)) { }
                    members.Clear();
                    Engine.CopyGroupMembers(target, members);
                    foreach (var u in ExportKit.DecodeAll(output.WrittenSpan, facts.CodecOptions))
                    {
                        if (u.EndOfRib is not null) continue;
                        foreach (int m in members)
                        {
                            var table = _sent[m];
                            foreach (var n in ExportKit.Withdrawn(u)) table.Remove(n);
                            foreach (var n in ExportKit.Announced(u)) table[n] = $"{u.Attributes} {u.MpReach?.NextHop}";
                        }
                    }
                }
            }
            Assert.Fail("the output never drained");
        }

        /// <summary>Every peer goes down: nothing is left to keep a destination.</summary>
        public void AllDown()
        {
            foreach (int id in AllPeers()) Engine.Execute(new PeerDown(id));
            for (int s = 1; s <= SourceAs.Length; s++) Engine.Execute(new SweepStale(s));
            foreach (var p in Prefixes) Engine.Execute(new StopOriginating(p));
            Engine.FlushExports();
        }

        public string Dump(int id) =>
            id + ":\n" + string.Join("\n", _sent[id].OrderBy(kv => kv.Key.ToString(), StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"));

        /// <summary>Every prefix's Loc-RIB destination and the holds on it ("-" when it has none), then how many are indexed.</summary>
        public string Holds()
        {
            var parts = new List<string>();
            foreach (var p in Prefixes)
            {
                var table = Engine.Rib.Table(p);
                int d = table.FindDestinationIndex(p);
                parts.Add(d < 0 ? $"{p} -" : $"{p} {table.HoldsOn(d)}");
            }
            parts.Add($"indexed {Engine.Rib.Ipv4.IndexedDestinations} {Engine.Rib.Ipv6.IndexedDestinations}");
            return string.Join("\n", parts);
        }
    }
}

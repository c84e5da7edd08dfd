using System.Buffers;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
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
/// Update groups end to end over the engine, with a drain that behaves as the RIB loop's (RibLoop.Groups.cs): a
/// group's chunk is written once and offered to every member, a member may refuse it (its queue full: the chunk
/// waits until it is delivered to that member), and the group writes nothing more while any member has one waiting.
/// Random announcements and withdrawals from a source, receivers coming up and going down, export filters replaced
/// and route refreshes, drains and merges in any order; after a final full drain, each receiver's table decoded
/// from the octets it was given equals what a lone peer with its filter gets from an engine without all that.
/// </summary>
public sealed class UpdateGroupProperties
{
    private const int Source = 1;
    private const int FirstReceiver = 2;
    private static readonly Filter Other = new("not-10.0.1", [new PolicyTerm("t", [new PrefixMatch(PrefixRange.Parse("10.0.1.0/24"))], [RejectAction.Instance])],
        PolicyVerdict.Accept);

    private enum Kind { Announce, Withdraw, Up, Down, Drain, Deliver, Merge, Refresh, Filter }

    private readonly record struct Op(Kind Kind, int A, int B);

    private static readonly Gen<Op> Ops = Gen.OneOf(
        from p in Gen.Choose(0, 7) from v in Gen.Choose(0, 2) select new Op(Kind.Announce, p, v),
        from p in Gen.Choose(0, 7) select new Op(Kind.Withdraw, p, 0),
        from r in Gen.Choose(0, 3) select new Op(Kind.Up, r, 0),
        from r in Gen.Choose(0, 3) select new Op(Kind.Down, r, 0),
        from refuse in Gen.Choose(0, 15) select new Op(Kind.Drain, refuse, 0),
        from r in Gen.Choose(0, 3) select new Op(Kind.Deliver, r, 0),
        Gen.Constant(new Op(Kind.Merge, 0, 0)),
        from r in Gen.Choose(0, 3) select new Op(Kind.Refresh, r, 0),
        from r in Gen.Choose(0, 3) from f in Gen.Choose(0, 1) select new Op(Kind.Filter, r, f));

    private static readonly Gen<(Op[] Ops, bool Dense)> Cases =
        from ops in Testing.Arbitraries.BgpGen.ArrayOf(Ops, 0, 120)
        from dense in Gen.Elements(false, true)
        select (ops, dense);

    [Property(MaxTest = 300)]
    public Property Receivers_AnyInterleaving_GetWhatALonePeerWithTheirFilterGets() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var sim = new Simulation(c.Dense);
            foreach (var op in c.Ops) sim.Apply(op);
            sim.DrainFully();
            var expected = Reference(c.Ops);
            for (int r = 0; r < 4; r++)
            {
                if (!sim.IsUp(r)) continue;
                sim.CheckNoExtras(r);
                sim.CheckRefreshesAnswered(r);
                Assert.Equal(Dump(expected[sim.FilterOf(r)]), Dump(sim.Table(r)));
            }
            sim.CheckNothingHeldOnceAllDown();
        });

    /// <summary>The tables of a lone receiver per filter (0: the clients' accept-all, 1: <see cref="Other"/>), without groups.</summary>
    private static Dictionary<Prefix, PathAttributes>[] Reference(Op[] ops)
    {
        var e = new RibEngine(new RibEngineSettings(LocalAs, EngineKit.RouterId));
        e.Execute(Up(Source, 65001));
        e.Execute(Up(FirstReceiver, LocalAs, UpdateGroupTests.Client));
        e.Execute(Up(FirstReceiver + 1, LocalAs, UpdateGroupTests.Client with { ExportFilter = Other }));
        foreach (var op in ops)
            if (op.Kind is Kind.Announce or Kind.Withdraw) e.Execute(RouteOp(op));
        var tables = new Dictionary<Prefix, PathAttributes>[2];
        for (int f = 0; f < 2; f++)
        {
            tables[f] = [];
            foreach (var u in Drain(e, FirstReceiver + f)) GroupOutput.ApplyTo(tables[f], u);
        }
        return tables;
    }

    private static UpdateReceived RouteOp(Op op)
    {
        string prefix = $"10.0.{op.A}.0/24";
        return op.Kind == Kind.Withdraw
            ? new UpdateReceived(Source, WithdrawOf(prefix))
            : new UpdateReceived(Source, Announce(prefix, Attrs("192.0.2.1", 65001, (uint)(65100 + op.B))));
    }

    private static string Dump(Dictionary<Prefix, PathAttributes> table) =>
        string.Join("\n", table.OrderBy(kv => kv.Key.ToString(), StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"));

    /// <summary>The engine with update groups and a drain that works as the RIB loop's does.</summary>
    private sealed class Simulation
    {
        private readonly RibEngine _e;
        private readonly bool[] _up = new bool[4];
        private readonly int[] _filter = new int[4];
        private readonly GroupOutput _out;

        public Simulation(bool dense)
        {
            _e = new RibEngine(new RibEngineSettings(LocalAs, EngineKit.RouterId) { UpdateGroups = true })
            {
                VerifyMerges = true,
                AdjRibOutDenseMinimum = dense ? 0 : 256,
            };
            _e.Execute(Up(Source, 65001));
            _out = new GroupOutput(_e, Source, FirstReceiver);
        }

        public bool IsUp(int r) => _up[r];

        public int FilterOf(int r) => _filter[r];

        public Dictionary<Prefix, PathAttributes> Table(int r) => _out.Table(r);

        public void Apply(Op op)
        {
            switch (op.Kind)
            {
                case Kind.Announce or Kind.Withdraw:
                    _e.Execute(RouteOp(op));
                    break;
                case Kind.Up when !_up[op.A]:
                    _up[op.A] = true;
                    _out.Reset(op.A);
                    var options = UpdateGroupTests.Client;
                    if (_filter[op.A] == 1) options = options with { ExportFilter = Other };
                    _e.Execute(Up(FirstReceiver + op.A, LocalAs, options));
                    break;
                case Kind.Down when _up[op.A]:
                    _up[op.A] = false;
                    // What was on its way goes with the session.
                    _out.Drop(op.A);
                    _e.Execute(new PeerDown(FirstReceiver + op.A));
                    break;
                case Kind.Drain:
                    _out.DrainRound(refuseOneIn: op.A);
                    break;
                case Kind.Deliver:
                    _out.Deliver(op.A);
                    break;
                case Kind.Merge:
                    _e.MergeGroups(_out.Busy);
                    break;
                case Kind.Refresh when _up[op.A]:
                    _out.Refreshed(op.A);
                    _e.Execute(new RouteRefreshRequested(FirstReceiver + op.A, AfiSafi.Ipv4Unicast));
                    break;
                case Kind.Filter when _up[op.A] && _filter[op.A] != op.B:
                    _filter[op.A] = op.B;
                    _e.Execute(new ReplacePolicy(FirstReceiver + op.A, UpdateGroupTests.Client.ImportFilter,
                        op.B == 1 ? Other : UpdateGroupTests.Client.ExportFilter));
                    break;
            }
        }

        public void DrainFully() => _out.DrainFully();

        public void CheckNoExtras(int r) => _out.CheckNoExtras(r);

        /// <summary>
        /// Every peer goes down: the Adj-RIBs-Out (split, seeded, merged) must give back every reference to an exported
        /// set and every destination hold, so that no prefix of the test stays indexed with no path.
        /// </summary>
        public void CheckNothingHeldOnceAllDown()
        {
            for (int r = 0; r < 4; r++)
                if (_up[r]) _e.Execute(new PeerDown(FirstReceiver + r));
            _e.Execute(new PeerDown(Source));
            Assert.Equal(0, _e.ExportInterner.Count);
            for (int p = 0; p < 8; p++)
                Assert.True(_e.Rib.Ipv4.FindDestinationIndex(Prefix.Parse($"10.0.{p}.0/24")) < 0, $"10.0.{p}.0/24 still held");
        }

        public void CheckRefreshesAnswered(int r) => _out.CheckRefreshesAnswered(r);
    }
}

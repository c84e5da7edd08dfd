using System.Buffers;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;
using Bgp.Rib.Tests.Export;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Bgp.Rib.Tests.Engine.EngineKit;

namespace Bgp.Rib.Tests.Engine;

/// <summary>
/// Update groups with members that are sources too (route-reflector clients announcing routes, kept as received
/// for soft reconfiguration) and reloads that replace a member's import and export filters at once. The oracle is
/// the engine itself at the end: a fresh groupable peer of each key, alone, gets export(key, best), which every
/// member of that key must have been given by then (UpdateGroupProperties drives the same drain).
/// </summary>
public sealed class UpdateGroupMemberSourceProperties
{
    private const int Source = 1;
    private const int FirstReceiver = 2;
    private const int FirstProbe = 20;
    // Rejects a prefix of the source and the one members' import may reject (re-imported on a reload).
    private static readonly Filter Other = new("not-10.0.1-10.1.2", [
        new PolicyTerm("t", [new PrefixMatch(PrefixRange.Parse("10.0.1.0/24"))], [RejectAction.Instance]),
        new PolicyTerm("u", [new PrefixMatch(PrefixRange.Parse("10.1.2.0/24"))], [RejectAction.Instance])], PolicyVerdict.Accept);
    private static readonly Filter NoTen12 = new("not-10.1.2", [new PolicyTerm("t", [new PrefixMatch(PrefixRange.Parse("10.1.2.0/24"))], [RejectAction.Instance])],
        PolicyVerdict.Accept);

    private enum Kind { Announce, Withdraw, MemberAnnounce, MemberWithdraw, Up, Down, Drain, Deliver, Merge, Refresh, Filter, SoftOut, Sweep }

    private readonly record struct Op(Kind Kind, int A, int B, int C = 0);

    private static readonly Gen<Op> Ops = Gen.OneOf(
        from p in Gen.Choose(0, 3) from v in Gen.Choose(0, 2) select new Op(Kind.Announce, p, v),
        from p in Gen.Choose(0, 3) select new Op(Kind.Withdraw, p, 0),
        from r in Gen.Choose(0, 3) from p in Gen.Choose(1, 2) from v in Gen.Choose(0, 1) select new Op(Kind.MemberAnnounce, r, p, v),
        from r in Gen.Choose(0, 3) from p in Gen.Choose(0, 3) select new Op(Kind.MemberWithdraw, r, p),
        from r in Gen.Choose(0, 3) select new Op(Kind.Up, r, 0),
        // B = 1: a graceful restart (RFC 4724): the member's routes stay, stale, until swept or refreshed.
        from r in Gen.Choose(0, 3) from gr in Gen.Choose(0, 1) select new Op(Kind.Down, r, gr),
        from r in Gen.Choose(0, 3) select new Op(Kind.SoftOut, r, 0),
        from r in Gen.Choose(0, 3) select new Op(Kind.Sweep, r, 0),
        from refuse in Gen.Choose(0, 15) select new Op(Kind.Drain, refuse, 0),
        from r in Gen.Choose(0, 3) select new Op(Kind.Deliver, r, 0),
        Gen.Constant(new Op(Kind.Merge, 0, 0)),
        from r in Gen.Choose(0, 3) select new Op(Kind.Refresh, r, 0),
        from r in Gen.Choose(0, 3) from f in Gen.Choose(0, 1) from i in Gen.Choose(0, 1) select new Op(Kind.Filter, r, f, i));

    private static readonly Gen<(Op[] Ops, bool Dense)> Cases =
        from ops in Testing.Arbitraries.BgpGen.ArrayOf(Ops, 0, 150)
        from dense in Gen.Elements(false, true)
        select (ops, dense);

    [Property(MaxTest = 5000)]
    public Property MemberSources_AnyInterleaving_GetWhatAFreshPeerOfTheirKeyGets() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var sim = new Simulation(c.Dense);
            foreach (var op in c.Ops) sim.Apply(op);
            sim.DrainFully();
            var expected = sim.Probes();
            for (int r = 0; r < 4; r++)
            {
                if (!sim.IsUp(r)) continue;
                sim.CheckNoExtras(r);
                sim.CheckRefreshesAnswered(r);
                Assert.Equal(Dump(expected[sim.FilterOf(r)]), Dump(sim.Table(r)));
            }
        });

    private static string Dump(Dictionary<Prefix, PathAttributes> table) =>
        string.Join("\n", table.OrderBy(kv => kv.Key.ToString(), StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"));

    private sealed class Simulation
    {
        private readonly RibEngine _e;
        private readonly bool[] _up = new bool[4];
        private readonly int[] _filter = new int[4];
        // Members start rejecting 10.1.2/24 on import (kept as received): a reload may let it in.
        private readonly int[] _import = [1, 1, 1, 1];
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

        private static PeerRibOptions Options(int export, int import) => UpdateGroupTests.Client with
        {
            ExportFilter = export == 1 ? Other : UpdateGroupTests.Client.ExportFilter,
            ImportFilter = import == 1 ? NoTen12 : UpdateGroupTests.Client.ImportFilter,
            SoftReconfigurationInbound = true,
        };

        public void Apply(Op op)
        {
            switch (op.Kind)
            {
                case Kind.Announce:
                    _e.Execute(new UpdateReceived(Source, Announce($"10.0.{op.A}.0/24", Attrs("192.0.2.1", 65001, (uint)(65100 + op.B)))));
                    break;
                case Kind.Withdraw:
                    _e.Execute(new UpdateReceived(Source, WithdrawOf($"10.0.{op.A}.0/24")));
                    break;
                case Kind.MemberAnnounce when _up[op.A]:
                    int id = FirstReceiver + op.A;
                    _e.Execute(new UpdateReceived(id, Announce($"10.1.{op.B}.0/24", Attrs($"192.0.2.{id}", (uint)(65200 + op.C)))));
                    break;
                case Kind.MemberWithdraw when _up[op.A]:
                    _e.Execute(new UpdateReceived(FirstReceiver + op.A, WithdrawOf($"10.1.{op.B}.0/24")));
                    break;
                case Kind.Up when !_up[op.A]:
                    _up[op.A] = true;
                    _out.Reset(op.A);
                    _e.Execute(Up(FirstReceiver + op.A, LocalAs, Options(_filter[op.A], _import[op.A])));
                    break;
                case Kind.Down when _up[op.A]:
                    _up[op.A] = false;
                    _out.Drop(op.A);
                    _e.Execute(new PeerDown(FirstReceiver + op.A, RetainStale: op.B == 1));
                    break;
                case Kind.SoftOut when _up[op.A]:
                    _e.Execute(new SoftResetOut(FirstReceiver + op.A));
                    break;
                case Kind.Sweep:
                    _e.Execute(new SweepStale(FirstReceiver + op.A));
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
                case Kind.Filter when _up[op.A] && (_filter[op.A] != op.B || _import[op.A] != op.C):
                    _filter[op.A] = op.B;
                    _import[op.A] = op.C;
                    var o = Options(op.B, op.C);
                    _e.Execute(new ReplacePolicy(FirstReceiver + op.A, o.ImportFilter, o.ExportFilter));
                    break;
            }
        }

        public void DrainFully() => _out.DrainFully();

        public void CheckNoExtras(int r) => _out.CheckNoExtras(r);

        public void CheckRefreshesAnswered(int r) => _out.CheckRefreshesAnswered(r);

        /// <summary>What a fresh groupable peer of each export key gets alone: export(key, best).</summary>
        public Dictionary<Prefix, PathAttributes>[] Probes()
        {
            var tables = new Dictionary<Prefix, PathAttributes>[2];
            for (int f = 0; f < 2; f++)
            {
                tables[f] = [];
                _e.Execute(Up(FirstProbe + f, LocalAs, Options(f, 0)));
                foreach (var u in DrainRoutes(_e, FirstProbe + f)) GroupOutput.ApplyTo(tables[f], u);
            }
            return tables;
        }
    }
}

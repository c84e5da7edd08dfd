using Bgp.Protocol;
using Bgp.Protocol.Messages;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;
using Bgp.Rib.Tests.Export;
using static Bgp.Rib.Tests.Engine.EngineKit;

namespace Bgp.Rib.Tests.Engine;

/// <summary>
/// Batched export (RibEngine.Batch.cs): best-path changes only mark their destination until
/// <see cref="RibEngine.FlushExports"/>, which exports each once with the best path it has then; every command other
/// than an UPDATE flushes first; update groups do not merge while a batch waits.
/// </summary>
public sealed class ExportBatchTests
{
    private const string P = "10.0.1.0/24";
    private const string Q = "10.0.2.0/24";
    private const int Receiver = 3;

    private static readonly Filter NotP = new("not-p", [new PolicyTerm("t", [new PrefixMatch(PrefixRange.Parse(P))], [RejectAction.Instance])],
        PolicyVerdict.Accept);

    /// <summary>Sources 1 (AS 65001) and 2 (AS 65002), receiver 3 (AS 65003), all drained; batching on.</summary>
    private static RibEngine NewBatchedEngine(bool dense = false)
    {
        var e = new RibEngine(new RibEngineSettings(LocalAs, EngineKit.RouterId)) { AdjRibOutDenseMinimum = dense ? 0 : 256 };
        e.Execute(Up(1, 65001));
        e.Execute(Up(2, 65002));
        e.Execute(Up(Receiver, 65003));
        for (int id = 1; id <= Receiver; id++) Drain(e, id);
        e.BatchExports = true;
        return e;
    }

    private static UpdateReceived From(int peer, string prefix, params uint[] asns) =>
        new(peer, Announce(prefix, Attrs($"192.0.2.{peer}", asns)));

    private static UpdateReceived WithdrawFrom(int peer, string prefix) => new(peer, WithdrawOf(prefix));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BestPath_ChangesTwiceBeforeFlush_ReceiverGetsOneAnnouncementOfTheFinalBest(bool dense)
    {
        var e = NewBatchedEngine(dense);

        e.Execute(From(1, P, 65001, 65100, 65101));
        // The loop drains output after each batch of commands, flushed or not: nothing is pending yet.
        Assert.False(e.HasPending(Receiver));
        Assert.Empty(DrainRoutes(e, Receiver));
        // A shorter AS_PATH from 2: the best path changes again before the flush.
        e.Execute(From(2, P, 65002));
        Assert.False(e.HasPending(Receiver));
        Assert.Equal(1, e.PendingExports);

        e.FlushExports();

        Assert.Equal(0, e.PendingExports);
        var u = Assert.Single(DrainRoutes(e, Receiver));
        Assert.Empty(u.Withdrawn);
        Assert.Equal(Prefix.Parse(P), Assert.Single(u.Nlri).Prefix);
        // RFC 4271 5.1.2: our AS prepended to the winner's AS_PATH (from 2).
        Assert.Equal("65000 65002", u.Attributes.AsPath!.ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MarkedDestination_LastPathWithdrawnBeforeFlush_WithdrawnOnlyWhereSentAndFreed(bool dense)
    {
        var e = NewBatchedEngine(dense);
        // Peer 4's export filter rejects P: it never has it.
        e.Execute(Up(4, 65004, AcceptAll with { ExportFilter = NotP }));
        Drain(e, 4);
        e.Execute(From(1, P, 65001));
        e.FlushExports();
        Assert.Single(DrainRoutes(e, Receiver));
        Assert.Empty(DrainRoutes(e, 4));

        // P loses its only path; Q comes and goes; both before the flush.
        e.Execute(WithdrawFrom(1, P));
        e.Execute(From(2, Q, 65002));
        e.Execute(WithdrawFrom(2, Q));
        var table = e.Rib.Ipv4;
        int p = table.FindDestinationIndex(Prefix.Parse(P));
        int q = table.FindDestinationIndex(Prefix.Parse(Q));
        // Q was marked when it came, so its destination is kept until the flush. P's is kept by the receiver's sent
        // state only where the Adj-RIB-Out is keyed by destination; else it went with its last path, and the
        // withdrawal was exported at once (nothing left to mark).
        Assert.True(q >= 0, "a marked destination is kept until the flush");
        Assert.True(table.HoldsOn(q) >= 1);
        Assert.Equal(dense, p >= 0);
        Assert.Equal(dense ? 2 : 1, e.PendingExports);

        e.FlushExports();

        var u = Assert.Single(DrainRoutes(e, Receiver));
        Assert.Equal(Prefix.Parse(P), Assert.Single(u.Withdrawn).Prefix);
        Assert.Empty(u.Nlri);
        Assert.Empty(DrainRoutes(e, 4));
        foreach (int id in new[] { 1, 2 }) Assert.Empty(DrainRoutes(e, id));
        // No hold is left: both destinations are gone.
        Assert.Equal(0, table.IndexedDestinations);
        Assert.Equal(-1, table.FindDestinationIndex(Prefix.Parse(P)));
        Assert.Equal(-1, table.FindDestinationIndex(Prefix.Parse(Q)));
        if (p >= 0) Assert.Equal(0, table.HoldsOn(p));
        Assert.Equal(0, table.HoldsOn(q));
    }

    public static TheoryData<string> OtherCommands => ["PeerUp", "PeerDownOfSource", "SoftResetOut", "RouteRefresh", "Originate"];

    [Theory]
    [MemberData(nameof(OtherCommands))]
    public void Execute_CommandOtherThanUpdate_SeesAdjRibsOutUpToDate(string command)
    {
        var e = NewBatchedEngine();
        e.Execute(From(1, P, 65001, 65100));
        e.Execute(From(2, P, 65002));
        Assert.False(e.HasPending(Receiver));

        RibCommand other = command switch
        {
            "PeerUp" => Up(5, 65005),
            "PeerDownOfSource" => new PeerDown(1),
            "SoftResetOut" => new SoftResetOut(Receiver),
            "RouteRefresh" => new RouteRefreshRequested(Receiver, AfiSafi.Ipv4Unicast),
            _ => new Originate(Prefix.Parse("10.9.0.0/16")),
        };
        e.Execute(other);

        // Before any FlushExports of the caller: the command flushed first (a change of its own may wait in a new batch).
        Assert.True(e.HasPending(Receiver));
        var announced = new List<string>();
        foreach (var u in DrainRoutes(e, Receiver))
            foreach (var n in u.Nlri)
                if (n.Prefix == Prefix.Parse(P)) announced.Add(u.Attributes.AsPath!.ToString());
        Assert.Contains("65000 65002", announced);
        Assert.All(announced, a => Assert.Equal("65000 65002", a));
    }

    [Fact]
    public void PeerUp_AddPathPeerWhileBatchWaits_GetsOnlyItsPathIds()
    {
        var e = NewBatchedEngine();
        e.Execute(From(1, P, 65001, 65100));
        e.Execute(From(2, P, 65002));
        Assert.Equal(1, e.PendingExports);
        var up = Up(9, 65009, AcceptAll with { AddPathSend = AddPathSendMode.All });
        var codec = up.Facts.CodecOptions with { AddPathSend = [AfiSafi.Ipv4Unicast], AddPathReceive = [AfiSafi.Ipv4Unicast] };
        e.Execute(up with { Facts = up.Facts with { CodecOptions = codec } });
        e.FlushExports();

        // RFC 7911: one announcement per path, each with its own non-zero id, nothing withdrawn; no path id 0
        // from a best-path-only export of the batch.
        var view = new Dictionary<Nlri, string>();
        foreach (var u in DrainRoutes(e, 9))
        {
            Assert.Empty(ExportKit.Withdrawn(u));
            foreach (var n in ExportKit.Announced(u)) view[n] = u.Attributes.AsPath!.ToString();
        }
        Assert.Equal(2, view.Count);
        Assert.DoesNotContain(view.Keys, n => n.PathId == 0);
    }

    [Fact]
    public void PeerUp_AddPathPeerUpAgainWithoutPeerDown_BatchOfItsOldSessionSendsItNoPathIdZero()
    {
        var e = NewBatchedEngine();
        var up = Up(9, 65009, AcceptAll with { AddPathSend = AddPathSendMode.All });
        var codec = up.Facts.CodecOptions with { AddPathSend = [AfiSafi.Ipv4Unicast], AddPathReceive = [AfiSafi.Ipv4Unicast] };
        up = up with { Facts = up.Facts with { CodecOptions = codec } };
        e.Execute(up);
        // The ADD-PATH peer's own path is P's best (the shorter AS_PATH); source 1's is the other.
        e.Execute(From(9, P, 65009));
        e.Execute(From(1, P, 65001, 65100));
        e.FlushExports();
        foreach (int id in new[] { 1, 2, Receiver, 9 }) Drain(e, id);

        // A PeerUp without the PeerDown before it (a missed event): the old session's routes go as the new one
        // comes up, so P's best changes while no ADD-PATH peer is up, and the new session gets its initial table.
        e.Execute(up);
        e.FlushExports();

        // RFC 7911: the ADD-PATH peer has each path under its own non-zero id; a best-path-only export of the batch
        // would add P with path id 0, a path that does not exist.
        var announced = new List<Nlri>();
        foreach (var u in DrainRoutes(e, 9)) announced.AddRange(ExportKit.Announced(u));
        Assert.Contains(announced, n => n.Prefix == Prefix.Parse(P));
        Assert.DoesNotContain(announced, n => n.PathId == 0);
    }

    [Fact]
    public void MergeGroups_WhileBatchWaits_MergesOnlyAfterTheFlush()
    {
        var e = UpdateGroupTests.NewGroupedEngine();
        e.Execute(Up(1, 65001));
        e.Execute(Up(2, LocalAs, UpdateGroupTests.Client));
        e.Execute(Up(Receiver, LocalAs, UpdateGroupTests.Client));
        for (int id = 1; id <= Receiver; id++) Drain(e, id);
        e.BatchExports = true;

        e.Execute(From(1, P, 65001));
        Assert.False(e.HasPending(2));
        Assert.False(e.HasPending(Receiver));
        Assert.Equal(0, e.MergeGroups(_ => false));
        Assert.Equal(1, e.GroupSize(2));

        e.FlushExports();
        Assert.Single(DrainRoutes(e, 2));
        Assert.Single(DrainRoutes(e, Receiver));
        Assert.Equal(1, e.MergeGroups(_ => false));
        Assert.Same(e.AdjRibOut(2), e.AdjRibOut(Receiver));
        Assert.Equal(1, e.AdjRibOut(2)!.SentCount);
    }

    [Fact]
    public void BatchExports_TurnedOff_FlushesTheBatch()
    {
        var e = NewBatchedEngine();
        e.Execute(From(1, P, 65001));
        Assert.Equal(1, e.PendingExports);

        e.BatchExports = false;

        Assert.Equal(0, e.PendingExports);
        Assert.Equal(Prefix.Parse(P), Assert.Single(Assert.Single(DrainRoutes(e, Receiver)).Nlri).Prefix);
        // Off: the next change goes out at once.
        e.Execute(WithdrawFrom(1, P));
        Assert.True(e.HasPending(Receiver));
    }

    [Fact]
    public void FlushExports_LargeBatch_KeepsItsListUntilTheRibIsIdle()
    {
        var e = NewBatchedEngine();
        // More destinations in one batch than a list of 16,384, the size a flush used to give back.
        const int Routes = 20_000;
        var nlri = new Nlri[Routes];
        for (int i = 0; i < Routes; i++) nlri[i] = new Nlri(Prefix.V4((10u << 24) | ((uint)i << 8), 24));
        e.Execute(new UpdateReceived(1, new UpdateMessage { Attributes = Attrs("192.0.2.1", 65001), Nlri = [.. nlri] }));
        Assert.Equal(Routes, e.PendingExports);

        e.FlushExports();

        // The next batch of the burst reuses the list instead of growing one again by doubling.
        Assert.Equal(0, e.PendingExports);
        Assert.True(e.ExportBatchCapacity >= Routes);
        e.TrimIdle();
        Assert.True(e.ExportBatchCapacity < Routes);
    }
}

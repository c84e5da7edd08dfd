using Bgp.Daemon.Transport;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bgp.Daemon.Tests.Transport;

/// <summary>
/// Sessions sending at the same time are read in step (ReadPacer): one too far ahead of the slowest sending session
/// stops reading, and never for longer than the RIB takes to apply what it already handed over; a quiet session holds
/// nobody back, and a lone session is never held.
/// </summary>
public sealed class ReadPacerTests
{
    private const int High = 100, Low = 50;

    private static (ReadPacer Pacer, ReadGate A, ReadGate B) Pair(int lag)
    {
        var pacer = new ReadPacer(lag);
        return (pacer, new ReadGate(High, Low, pacer), new ReadGate(High, Low, pacer));
    }

    private static void Add(ReadGate gate, int updates)
    {
        for (int i = 0; i < updates; i++) gate.Added();
    }

    private static void Take(ReadGate gate, int updates)
    {
        for (int i = 0; i < updates; i++) gate.Taken();
    }

    [Fact]
    public void Added_SessionBeyondTheLagAheadOfAnother_StopsReading()
    {
        var (pacer, a, b) = Pair(lag: 4);
        b.Added();
        Add(a, 5);
        Assert.True(a.WhenOpen.IsCompleted);

        a.Added();

        Assert.False(a.WhenOpen.IsCompleted);
        Assert.True(b.WhenOpen.IsCompleted);
    }

    [Fact]
    public void Added_SlowestCatchesUp_AheadSessionReadsAgain()
    {
        var (pacer, a, b) = Pair(lag: 4);
        b.Added();
        Add(a, 6);
        var held = a.WhenOpen;
        Assert.False(held.IsCompleted);

        b.Added();

        Assert.True(held.IsCompleted);
        Assert.True(a.WhenOpen.IsCompleted);
    }

    [Fact]
    public void Taken_HeldSessionsUpdatesAllApplied_ReadsAgainThoughStillAhead()
    {
        // The hold lasts only while the session has UPDATEs waiting: a slow peer cannot stop another for longer
        // than the RIB takes to apply what that one already handed over.
        var (pacer, a, b) = Pair(lag: 2);
        b.Added();
        Add(a, 4);
        var held = a.WhenOpen;
        Assert.False(held.IsCompleted);

        Take(a, 3);
        Assert.False(held.IsCompleted);
        a.Taken();

        Assert.True(held.IsCompleted);
    }

    [Fact]
    public void Taken_BeforeItsAddedRan_HeldSessionStillReadsAgainOnceAllTaken()
    {
        // The binding queues an UPDATE for the RIB and then counts it (ReadGate.Added), so the RIB may take it first.
        // Clamping the count at 0 then left it one too high for good, and a paced session that was ahead never read
        // again (bench workload 1 stalled until the hold timer expired).
        var (pacer, a, b) = Pair(lag: 2);
        b.Added();
        a.Taken();
        Add(a, 5);
        var held = a.WhenOpen;
        Assert.False(held.IsCompleted);

        Take(a, 4);

        Assert.True(held.IsCompleted);
        Assert.Equal(0, a.Waiting);
    }

    [Fact]
    public void Added_OtherSessionQuietForTheWindow_NoLongerHoldsBack()
    {
        var pacer = new ReadPacer(lag: 4, activeWindow: 10);
        var quiet = new ReadGate(High, Low, pacer);
        var a = new ReadGate(High, Low, pacer);
        quiet.Added();
        quiet.Taken();

        // a is ahead of quiet at once, but after 10 hand-overs of its own quiet has left the window.
        Add(a, 12);

        Assert.True(a.WhenOpen.IsCompleted);
    }

    [Fact]
    public void Added_SessionStartingLongAfterAnother_GoesInStepFromWhereItIs()
    {
        // A peer that comes up while another is deep into its table must not hold that one back for the whole table.
        var pacer = new ReadPacer(lag: 4, activeWindow: 10);
        var early = new ReadGate(High, Low, pacer);
        var late = new ReadGate(High, Low, pacer);
        for (int i = 0; i < 1000; i++)
        {
            early.Added();
            early.Taken();
        }

        late.Added();
        for (int i = 0; i < 9; i++)
        {
            late.Added();
            late.Taken();
        }

        Assert.Equal(1000 + 10, late.HandedOver);
        early.Added();
        Assert.True(early.WhenOpen.IsCompleted);
    }

    [Fact]
    public void Added_OtherSessionTricklingWithNothingWaiting_DoesNotHoldATableLoad()
    {
        // A peer sending now and then stays in the window but has nothing waiting in the RIB: it is held back by its
        // peer, not by us, so a table load beside it must not be held to its pace.
        var pacer = new ReadPacer(lag: 4, activeWindow: 1000);
        var trickle = new ReadGate(High, Low, pacer);
        var load = new ReadGate(High, Low, pacer);
        trickle.Added();
        trickle.Taken();

        for (int i = 0; i < 40; i++) load.Added();

        Assert.True(load.WhenOpen.IsCompleted);
    }

    [Fact]
    public void Added_LoneSession_NeverHeldBelowHighWater()
    {
        var pacer = new ReadPacer(lag: 1);
        var a = new ReadGate(High, Low, pacer);
        for (int i = 0; i < High - 1; i++) a.Added();
        Assert.True(a.WhenOpen.IsCompleted);
    }

    [Fact]
    public void Disable_SlowestSessionGone_OthersNoLongerHeld()
    {
        var (pacer, a, b) = Pair(lag: 2);
        b.Added();
        Add(a, 4);
        var held = a.WhenOpen;
        Assert.False(held.IsCompleted);

        b.Disable();
        a.Taken();

        Assert.True(held.IsCompleted);
        Assert.Equal(1, pacer.GateCount);
    }

    [Fact]
    public void Taken_PacedGateClosedAtHighWater_ReadsAgainAtLowWater()
    {
        // Release returns at once while the pacer counts no closed gate: a close by the high mark counts as much as one
        // for being ahead, or this session would never read again.
        var (pacer, a, b) = Pair(lag: 1000);
        b.Added();
        Add(a, High);
        var held = a.WhenOpen;
        Assert.False(held.IsCompleted);
        Assert.Equal(1, pacer.ClosedCount);

        Take(a, High - Low - 1);
        Assert.False(held.IsCompleted);
        a.Taken();

        Assert.True(held.IsCompleted);
        Assert.Equal(0, pacer.ClosedCount);
    }

    [Fact]
    public void Taken_ClosedGateOutOfTheWindowAndNobodySending_ReadsAgainAtLowWater()
    {
        // No session counts as sending (the closed one left the active window, the other has nothing waiting): the
        // floor is long.MaxValue, and nobody is ahead of it. It once wrapped to a negative floor, holding the gate below
        // its low mark until the RIB had taken everything.
        var pacer = new ReadPacer(lag: 100, activeWindow: 2);
        var a = new ReadGate(4, 2, pacer);
        var b = new ReadGate(High, Low, pacer);
        Add(a, 4);
        var held = a.WhenOpen;
        Assert.False(held.IsCompleted);
        Add(b, 2);
        Take(b, 2);

        Take(a, 2);

        Assert.True(held.IsCompleted);
        Assert.Equal(0, pacer.ClosedCount);
    }

    [Fact]
    public void Disable_ClosedPacedGate_NoLongerCountedAndLaterHoldsStillEnd()
    {
        var (pacer, a, b) = Pair(lag: 1000);
        Add(a, High);
        Assert.Equal(1, pacer.ClosedCount);

        a.Disable();

        // Counted closed while forgotten, Release would walk on every UPDATE for good; counted twice, it would skip the
        // next real hold.
        Assert.Equal(0, pacer.ClosedCount);
        Add(b, High);
        var held = b.WhenOpen;
        Assert.False(held.IsCompleted);
        Assert.Equal(1, pacer.ClosedCount);
        Take(b, High - Low);
        Assert.True(held.IsCompleted);
        Assert.Equal(0, pacer.ClosedCount);
    }

    [Fact]
    public void Disable_SlowestSessionGone_AheadSessionReadsAgainAtOnce()
    {
        // Not at its next Taken: a session held only for being ahead of the one gone may have nothing more taken for a
        // while (the RIB busy with other peers), and it would wait for nobody.
        var (pacer, a, b) = Pair(lag: 2);
        b.Added();
        Add(a, 4);
        var held = a.WhenOpen;
        Assert.False(held.IsCompleted);

        b.Disable();

        Assert.True(held.IsCompleted);
        Assert.Equal(0, pacer.ClosedCount);
    }

    /// <summary>
    /// Any interleaving of hand-overs, takes and (now and then) a session's consumer going away (Disable) over a few
    /// sessions: a session with nothing waiting in the RIB is never
    /// held (so no hold outlives the RIB's work), and every session that is held has UPDATEs waiting and is more than the
    /// lag ahead of a session still sending; the pacer's count of closed gates is the number of sessions held.
    /// </summary>
    [Property(MaxTest = 500, EndSize = 400)]
    public Property AnyRun_HeldOnlyWhileAheadWithUpdatesWaiting() =>
        Prop.ForAll(
            Gen.Choose(2, 5).SelectMany(n => Gen.Frequency((40, Gen.Choose(0, 2 * n - 1)), (1, Gen.Choose(2 * n, 3 * n - 1)))
                .ListOf().Select(steps => (n, steps))).ToArbitrary(),
            run =>
            {
                const int lag = 3, window = 40;
                var (n, steps) = run;
                var pacer = new ReadPacer(lag, window);
                var gates = new ReadGate[n];
                var waiting = new int[n];
                var handed = new long[n];
                var last = new long[n];
                var disabled = new bool[n];
                long all = 0;
                for (int i = 0; i < n; i++) gates[i] = new ReadGate(High, Low, pacer);
                foreach (int step in steps)
                {
                    int s = step % n;
                    if (step >= 2 * n)
                    {
                        // The consumer is gone: the session no longer counts in the pacer and is never held again.
                        gates[s].Disable();
                        disabled[s] = true;
                    }
                    else if (step < n)
                    {
                        gates[s].Added();
                        waiting[s]++;
                        if (!disabled[s])
                        {
                            if (last[s] <= all - window)
                            {
                                // Starting (again) far behind the sessions sending: in step with them from where they are.
                                long sending = long.MaxValue;
                                for (int i = 0; i < n; i++)
                                    if (!disabled[i] && last[i] > all - window && handed[i] < sending) sending = handed[i];
                                if (sending != long.MaxValue && handed[s] < sending - window) handed[s] = sending;
                            }
                            handed[s]++;
                            last[s] = ++all;
                        }
                    }
                    else if (waiting[s] > 0)
                    {
                        gates[s].Taken();
                        waiting[s]--;
                    }
                    long slowest = long.MaxValue;
                    for (int i = 0; i < n; i++)
                        if (!disabled[i] && last[i] > all - window && waiting[i] > 0 && handed[i] < slowest) slowest = handed[i];
                    int closed = 0;
                    for (int i = 0; i < n; i++)
                    {
                        bool held = !gates[i].WhenOpen.IsCompleted;
                        if (held && (waiting[i] == 0 || disabled[i])) return false;
                        if (held && waiting[i] <= Low && handed[i] <= slowest + lag) return false;
                        if (held) closed++;
                    }
                    // Release skips its walk while the pacer counts no closed gate: the count must be exact.
                    if (pacer.ClosedCount != closed) return false;
                }
                return true;
            });
}

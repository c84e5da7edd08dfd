using System.Net;
using Bgp.Daemon.Routing;
using Bgp.Daemon.Sessions;
using Bgp.Protocol;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;
using Microsoft.Extensions.Time.Testing;

namespace Bgp.Daemon.Tests.Routing;

/// <summary>
/// Which thread runs the RIB loop (RibLoop.Threads.cs): a session forwarder's write runs it on the forwarder's thread,
/// every other writer's never on its own. The session is attached but never started: the test puts commands in its
/// inbox (TryPostAfter) as its events would. The fake clock keeps the trim timer quiet, so the only writers are the
/// test's, and <see cref="RibLoop.Wakeups"/> tells whether a write found the loop waiting (only then can it run the loop).
/// </summary>
public sealed class RibLoopThreadTests
{
    // Enough tries for a write to find the loop waiting: it is, unless it is still finishing the round before.
    private const int Tries = 50;

    // True on the test's thread while it is inside a call to the loop: code that sees it ran inside that call, on the
    // caller's thread. (Comparing thread ids would not do: once the caller awaits, its thread may take the loop's
    // continuation from the pool.)
    [ThreadStatic]
    private static bool t_calling;

    private static T Calling<T>(Func<T> call)
    {
        t_calling = true;
        try
        {
            return call();
        }
        finally
        {
            t_calling = false;
        }
    }

    private static async Task<(RibLoop Loop, BgpSpeaker Speaker, PeerSession Session)> LoopAsync(FakeTimeProvider time, int maxBatch = 256,
        int capacity = 4096)
    {
        var speaker = new BgpSpeaker(new SpeakerSettings { LocalAs = 65000, RouterId = RouterId.Parse("10.0.0.1") }, time, new Random(7));
        var session = speaker.AddPeer(new PeerSettings { Address = IPAddress.Parse("127.0.0.9"), PeerAs = 65009, Passive = true });
        var loop = new RibLoop(new RibEngine(new RibEngineSettings(65000, RouterId.Parse("10.0.0.1"))),
            new RibLoopOptions { Time = time, MaxBatch = maxBatch, CommandCapacity = capacity });
        loop.Attach(session, new PeerRibOptions { ImportFilter = Filter.AcceptAll, ExportFilter = Filter.AcceptAll });
        await loop.StartAsync(CancellationToken.None);
        return (loop, speaker, session);
    }

    [Fact]
    public async Task PostAndQuery_LoopWaiting_HandledOffTheCallersThread()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = deadline.Token;
        var (loop, speaker, _) = await LoopAsync(new FakeTimeProvider());
        await using var s = speaker;
        await using var l = loop;

        int woken = 0;
        for (int i = 0; i < Tries; i++)
        {
            long before = loop.Wakeups;
            var query = Calling(() => loop.ReadAsync(_ => t_calling, ct));
            Assert.False(await query);
            if (loop.Wakeups > before) woken++;

            before = loop.Wakeups;
            var posted = new ReadQuery<bool>(_ => t_calling);
            await Calling(() => loop.PostAsync(posted, ct));
            Assert.False(await posted.Reply.Task.WaitAsync(ct));
            if (loop.Wakeups > before) woken++;
        }
        // The case that matters happened: a write found the loop waiting.
        Assert.True(woken > 0);
    }

    [Fact]
    public async Task ReadAsync_ReadWaitsForALockItsCallerHolds_CallerGoesOnAndGetsTheAnswer()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = deadline.Token;
        var (loop, speaker, _) = await LoopAsync(new FakeTimeProvider());
        await using var s = speaker;
        await using var l = loop;
        await loop.ReadAsync(_ => 0, ct);

        var gate = new Lock();
        using var released = new ManualResetEventSlim();
        Task<bool> answer;
        lock (gate)
        {
            // Run on the caller's thread, the read would wait for the caller to go on: a deadlock (until the deadline).
            answer = loop.ReadAsync(_ =>
            {
                released.Wait(ct);
                lock (gate) return true;
            }, ct);
            released.Set();
        }

        Assert.True(await answer);
    }

    [Fact]
    public async Task PostAsync_ConsecutiveAwaitedPostsWhileTheChannelFills_HandledInOrder()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = deadline.Token;
        const int Capacity = 4;
        var (loop, speaker, _) = await LoopAsync(new FakeTimeProvider(), capacity: Capacity);
        await using var s = speaker;
        await using var l = loop;

        // The loop is held until the channel is full, so the posts after that wait for room: each must still be
        // written before it completes, and the next one after it.
        await loop.PostAsync(new ReadQuery<int>(_ =>
        {
            while (loop.QueuedCommands < Capacity) ct.ThrowIfCancellationRequested();
            return 0;
        }), ct);
        const int Count = 64;
        // Written by the loop only; read after the last reply, which orders it.
        var handled = new List<int>();
        ReadQuery<int>? last = null;
        for (int i = 0; i < Count; i++)
        {
            int n = i;
            last = new ReadQuery<int>(_ =>
            {
                handled.Add(n);
                return n;
            });
            await loop.PostAsync(last, ct);
        }
        await last!.Reply.Task.WaitAsync(ct);

        Assert.Equal(Enumerable.Range(0, Count), handled);
    }

    [Fact]
    public async Task ForwarderWrite_LoopWaiting_RunsTheLoopOnTheForwardersThread()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = deadline.Token;
        var (loop, speaker, session) = await LoopAsync(new FakeTimeProvider());
        await using var s = speaker;
        await using var l = loop;

        int woken = 0;
        for (int i = 0; i < Tries && woken == 0; i++)
        {
            long before = loop.Wakeups;
            var query = new ReadQuery<bool>(_ => loop.OnForwarderThread);
            Assert.True(loop.TryPostAfter(session, query));
            bool onForwarder = await query.Reply.Task.WaitAsync(ct);
            // The forwarder is the only writer: when the loop was woken, its write woke it.
            if (loop.Wakeups == before) continue;
            woken++;
            Assert.True(onForwarder);
        }
        Assert.True(woken > 0);
    }

    [Fact]
    public async Task ForwarderWrite_CommandsWaitAfterTheRound_LoopGoesOnOffTheForwardersThread()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = deadline.Token;
        // One command a round: the second query is left for the next round.
        var (loop, speaker, session) = await LoopAsync(new FakeTimeProvider(), maxBatch: 1);
        await using var s = speaker;
        await using var l = loop;

        bool tested = false;
        for (int i = 0; i < Tries && !tested; i++)
        {
            var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var secondQueued = new ManualResetEventSlim();
            var first = new ReadQuery<bool>(_ =>
            {
                inside.TrySetResult();
                secondQueued.Wait(ct);
                return loop.OnForwarderThread;
            });
            Assert.True(loop.TryPostAfter(session, first));
            await inside.Task.WaitAsync(ct);
            // The loop is busy with the first: this write only queues.
            var second = new ReadQuery<bool>(_ => loop.OnForwarderThread);
            await loop.PostAsync(second, ct);
            secondQueued.Set();

            // Only a first round run on the forwarder tests anything.
            if (!await first.Reply.Task.WaitAsync(ct)) continue;
            tested = true;
            Assert.False(await second.Reply.Task.WaitAsync(ct));
        }
        Assert.True(tested);
    }
    [Fact]
    public async Task ForwarderWrite_RoundWakesAnotherLoop_OtherLoopRunsOffTheForwardersThread()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = deadline.Token;
        var (loop, speaker, session) = await LoopAsync(new FakeTimeProvider());
        await using var s = speaker;
        await using var l = loop;
        var (other, otherSpeaker, _) = await LoopAsync(new FakeTimeProvider());
        await using var os = otherSpeaker;
        await using var ol = other;

        bool tested = false;
        for (int i = 0; i < Tries && !tested; i++)
        {
            long otherBefore = other.Wakeups;
            var inOther = new ReadQuery<bool>(_ => t_calling);
            Task posted = Task.CompletedTask;
            // On the forwarder's thread, inside this loop's round, a write wakes the other loop (it is waiting, unless
            // still finishing its round before).
            var first = new ReadQuery<bool>(_ =>
            {
                bool onForwarder = loop.OnForwarderThread;
                posted = Calling(() => other.PostAsync(inOther, ct).AsTask());
                return onForwarder;
            });
            Assert.True(loop.TryPostAfter(session, first));
            bool firstOnForwarder = await first.Reply.Task.WaitAsync(ct);
            await posted;
            bool otherInside = await inOther.Reply.Task.WaitAsync(ct);
            if (!firstOnForwarder || other.Wakeups == otherBefore) continue;
            tested = true;
            Assert.False(otherInside);
        }
        Assert.True(tested);
    }
}

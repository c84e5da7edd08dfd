using System.Net;
using Bgp.Daemon.Routing;
using Bgp.Protocol;
using Bgp.Rib.Engine;
using Microsoft.Extensions.Time.Testing;
using static Bgp.Daemon.Tests.Routing.FakeClockTicks;

namespace Bgp.Daemon.Tests.Routing;

/// <summary>
/// The idle trim (RibLoop.Trim.cs) on a fake clock: once per interval, and only when the loop handled
/// commands since the last trim, so a quiet daemon is not woken for nothing.
/// </summary>
public sealed class RibLoopTrimTests
{
    [Fact]
    public async Task TrimTimer_NoCommandsSinceLastTrim_SkipsUntilOneIsHandled()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = deadline.Token;
        var time = new FakeTimeProvider();
        await using var loop = await StartLoopAsync(time, ct);

        // The first tick trims (nothing is known about the time before it).
        await AdvanceUntilAsync(time, () => loop.TrimCount == 1, ct);

        // Ticks with nothing handled in between, the trim itself not counting: no further trim.
        await TickAsync(time, 20, ct);
        Assert.Equal(1, loop.TrimCount);

        // A command handled: the next tick trims again.
        await loop.PostAsync(new Originate(Prefix.Parse("10.244.1.0/26")), ct);
        await AdvanceUntilAsync(time, () => loop.TrimCount == 2, ct);
    }

    [Fact]
    public async Task TrimTimer_OnlyReadsSinceLastTrim_DoesNotTrim()
    {
        // The daemon's RIB report and the API read the table while nothing changes: no reason to trim.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = deadline.Token;
        var time = new FakeTimeProvider();
        await using var loop = await StartLoopAsync(time, ct);
        await AdvanceUntilAsync(time, () => loop.TrimCount == 1, ct);
        for (int i = 0; i < 10; i++)
        {
            await loop.ReadAsync(static e => e.Rib.Ipv4.PrefixCount, ct);
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10, ct);
        }
        Assert.Equal(1, loop.TrimCount);
    }

    [Fact]
    public async Task TrimTimer_PeerStillHasPendingOutput_TrimsAgainWithoutNewCommands()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = deadline.Token;
        var time = new FakeTimeProvider();
        await using var loop = await StartLoopAsync(time, ct);
        // A peer the engine knows but no session drains: its announcement stays pending, as for a peer whose
        // send queue is full and whose writes go on, refilling what a trim gave back, without any command.
        await loop.ReadAsync(static e =>
        {
            e.Execute(new PeerUp(2, new PeerFacts(IPAddress.Parse("192.0.2.2"), 65002, RouterId.Parse("10.0.0.3"), false,
                [AfiSafi.Ipv4Unicast], CodecOptions.FourOctet) { LocalAddressV4 = IPAddress.Parse("192.0.2.100") }, PeerRibOptions.Default));
            e.Execute(new Originate(Prefix.Parse("10.244.1.0/26")));
            return e.HasPending(2);
        }, ct);
        Assert.True(await loop.ReadAsync(static e => e.HasPending(2), ct));

        // Nothing is handled between ticks (the trim itself not counting), yet every tick trims again.
        int before = loop.TrimCount;
        await AdvanceUntilAsync(time, () => loop.TrimCount >= before + 3, ct);
    }

    [Fact]
    public async Task TrimTimer_SpareGroupsTakenInTheLastBurst_TrimsOnceMoreThenStops()
    {
        // The trim after a burst keeps the spare pending groups that burst took (the engine's pool lets them go
        // only after a quiet interval), and with nothing pending and no command after it the loop must still come
        // back once, or they stay for as long as the daemon is quiet.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = deadline.Token;
        var time = new FakeTimeProvider();
        await using var loop = await StartLoopAsync(time, ct);
        await loop.PostAsync(new PeerUp(2, new PeerFacts(IPAddress.Parse("192.0.2.2"), 65002, RouterId.Parse("10.0.0.3"), false,
            [AfiSafi.Ipv4Unicast], CodecOptions.FourOctet) { LocalAddressV4 = IPAddress.Parse("192.0.2.100") },
            new PeerRibOptions { ImportFilter = Bgp.Rib.Policy.Filter.AcceptAll, ExportFilter = Bgp.Rib.Policy.Filter.AcceptAll }), ct);
        await loop.PostAsync(new Originate(Prefix.Parse("10.244.1.0/26")), ct);
        // No session drains the peer here: write its output as a session would, before the first tick.
        Assert.False(await loop.ReadAsync(static e =>
        {
            var output = new System.Buffers.ArrayBufferWriter<byte>();
            while (e.WritePending(2, output, 1 << 20, CodecOptions.FourOctet)) output.ResetWrittenCount();
            // The route went out (more than an End-of-RIB marker), so a pending group was taken and drained.
            return e.HasPending(2) || output.WrittenCount <= 23 + 4;
        }, ct));

        await AdvanceUntilAsync(time, () => loop.TrimCount == 1, ct);
        // Without a command the loop comes back once (before the fix it never did, and this waited out the deadline),
        // and the pool, let go by that trim, asks for no more.
        await AdvanceUntilAsync(time, () => loop.TrimCount == 2, ct);
        await TickAsync(time, 10, ct);
        Assert.Equal(2, loop.TrimCount);
    }

    /// <summary>A started loop over an empty engine, trimming every second of <paramref name="time"/>.</summary>
    private static async Task<RibLoop> StartLoopAsync(FakeTimeProvider time, CancellationToken ct)
    {
        var loop = new RibLoop(new RibEngine(new RibEngineSettings(65000, RouterId.Parse("10.0.0.1"))),
            new RibLoopOptions { Time = time, TrimInterval = TimeSpan.FromSeconds(1) });
        await loop.StartAsync(ct);
        return loop;
    }
}
